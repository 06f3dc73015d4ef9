using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Cookies;

/// <summary>
/// The anti-CSRF token of a session: an HMAC of the session id under a key derived from the server secret (its own
/// HKDF label; nothing to do with the JWT signing key), so every Api node can check it without storing anything, and
/// it stays the same across refreshes of the session.
/// </summary>
public sealed class CsrfTokens(ServerSecret secret)
{
    public const string Header = "X-CSRF-Token";

    private readonly byte[] _key = secret.DeriveKey(ServerSecret.CsrfPurpose);

    public string For(string sessionId) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(sessionId)));

    public bool IsValid(string sessionId, string? presented) =>
        !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(For(sessionId)), Encoding.UTF8.GetBytes(presented));
}
