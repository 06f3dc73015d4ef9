namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Finds the keys: <c>Jwt:SigningKey</c> (PEM text) or <c>Jwt:SigningKeyFile</c> signs; <c>Jwt:PreviousSigningKeys</c>
/// (PEM blocks) and <c>Jwt:PreviousSigningKeyFiles</c> (comma-separated paths) still verify. A key is generated only
/// in embedded mode.
/// </summary>
public static class SigningKeyLoader
{
    public static (SigningKeys Keys, bool Generated) Load(JwtSettings settings, bool embedded)
    {
        var previous = PemBlocks(settings.PreviousSigningKeys)
            .Select(pem => SigningKey.FromPem(pem, "Jwt:PreviousSigningKeys"))
            .Concat(Files(settings.PreviousSigningKeyFiles, "Jwt:PreviousSigningKeyFiles")
                .Select(pem => SigningKey.FromPem(pem, "Jwt:PreviousSigningKeyFiles")))
            .ToList();

        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            return (new SigningKeys(SigningKey.FromPem(settings.SigningKey), previous), false);
        }

        if (!string.IsNullOrWhiteSpace(settings.SigningKeyFile))
        {
            var pem = Files(settings.SigningKeyFile, "Jwt:SigningKeyFile").Single();
            return (new SigningKeys(SigningKey.FromPem(pem, "Jwt:SigningKeyFile"), previous), false);
        }

        if (!embedded)
        {
            throw new InvalidOperationException(
                "No signing key: set Jwt__SigningKey (PEM text) or Jwt__SigningKeyFile (a PEM file). "
                + "Every Api node of a cluster must sign with the same key.");
        }

        return (new SigningKeys(SigningKey.Generate(), previous), true);
    }

    private static IEnumerable<string> PemBlocks(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var normalized = text.Replace("\\n", "\n", StringComparison.Ordinal);
        var start = normalized.IndexOf("-----BEGIN", StringComparison.Ordinal);
        while (start >= 0)
        {
            var next = normalized.IndexOf("-----BEGIN", start + 1, StringComparison.Ordinal);
            yield return next < 0 ? normalized[start..] : normalized[start..next];
            start = next;
        }
    }

    private static IEnumerable<string> Files(string? paths, string settingName)
    {
        foreach (var path in (paths ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return File.Exists(path)
                ? File.ReadAllText(path)
                : throw new InvalidOperationException($"{settingName}: '{path}' does not exist.");
        }
    }
}
