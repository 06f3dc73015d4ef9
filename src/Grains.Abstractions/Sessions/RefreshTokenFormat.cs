using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// A refresh token is <c>{userId}.{sessionId}.{generation}.{secret}.{mac}</c>: opaque to clients, routable to the
/// user's grain without any lookup. The generation counts the session's rotations (1 at login); the MAC covers
/// everything before it, under a key only the Api nodes hold, so a token the service did not issue is refused before
/// any grain is called, and the generation of an authentic token is the service's own word. Only the hash of the
/// secret is stored.
/// </summary>
public static class RefreshTokenFormat
{
    private const int MaxPartLength = 192; // an external user's key: x + base64url of up to 128 characters
    private const int MaxGenerationDigits = 9;

    /// <summary>What the MAC covers: <c>{userId}.{sessionId}.{generation}.{secret}</c>.</summary>
    public static string Payload(string userId, string sessionId, int generation, string secret) =>
        $"{userId}.{sessionId}.{generation.ToString(CultureInfo.InvariantCulture)}.{secret}";

    public static string Compose(string payload, string mac) => $"{payload}.{mac}";

    /// <summary>Splits a token of the right shape into its parts; says nothing about whether its MAC is right.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out RefreshTokenParts? parts)
    {
        parts = null;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var split = token.Split('.');
        if (split.Length != 5 || !split.All(IsUrlSafe) || ParseGeneration(split[2]) is not { } generation)
        {
            return false;
        }

        parts = new RefreshTokenParts(split[0], split[1], generation, split[3], token[..token.LastIndexOf('.')], split[4]);
        return true;
    }

    /// <summary>True for a non-empty, bounded string of URL-safe base64 / hex characters (ids, secrets).</summary>
    public static bool IsUrlSafe(string? part) =>
        !string.IsNullOrEmpty(part)
        && part.Length <= MaxPartLength
        && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A positive number written the one way <see cref="Payload"/> writes it (no sign, no leading zero).</summary>
    private static int? ParseGeneration(string text) =>
        text.Length <= MaxGenerationDigits && text[0] is >= '1' and <= '9' && text.All(char.IsAsciiDigit)
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
}
