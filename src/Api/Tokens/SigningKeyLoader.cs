namespace OrleansSessions.Api.Tokens;

/// <summary>Finds the signing key: <c>Jwt:SigningKey</c> (PEM text) or <c>Jwt:SigningKeyFile</c>; generated only in embedded mode.</summary>
public static class SigningKeyLoader
{
    public static (SigningKeys Keys, bool Generated) Load(JwtSettings settings, bool embedded)
    {
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            return (SigningKeys.FromPem(settings.SigningKey), false);
        }

        if (!string.IsNullOrWhiteSpace(settings.SigningKeyFile))
        {
            if (!File.Exists(settings.SigningKeyFile))
            {
                throw new InvalidOperationException($"Jwt:SigningKeyFile '{settings.SigningKeyFile}' does not exist.");
            }

            return (SigningKeys.FromPem(File.ReadAllText(settings.SigningKeyFile)), false);
        }

        if (!embedded)
        {
            throw new InvalidOperationException(
                "No signing key: set Jwt__SigningKey (PEM text) or Jwt__SigningKeyFile (a PEM file). "
                + "Every Api node of a cluster must sign with the same key.");
        }

        return (SigningKeys.Generate(), true);
    }
}
