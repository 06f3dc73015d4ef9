namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// A refresh token is <c>{userId}.{sessionId}.{secret}</c>: opaque to clients, routable to the user's grain
/// without any lookup. Only the hash of the secret is stored.
/// </summary>
public static class RefreshTokenFormat
{
    private const int MaxPartLength = 128;

    public static string Compose(string userId, string sessionId, string secret) => $"{userId}.{sessionId}.{secret}";

    public static bool TryParse(string? token, out string userId, out string sessionId, out string secret)
    {
        userId = sessionId = secret = string.Empty;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !parts.All(IsUrlSafe))
        {
            return false;
        }

        (userId, sessionId, secret) = (parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>True for a non-empty, bounded string of URL-safe base64 / hex characters (ids, secrets).</summary>
    public static bool IsUrlSafe(string? part) =>
        !string.IsNullOrEmpty(part)
        && part.Length <= MaxPartLength
        && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
