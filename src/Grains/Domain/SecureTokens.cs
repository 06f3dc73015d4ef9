using System.Buffers.Text;
using System.Security.Cryptography;

namespace OrleansSessions.Grains.Domain;

/// <summary>
/// Unguessable secrets and user ids from the OS CSPRNG, URL-safe, and the hash stored in their place. A new session's id
/// and first secret come from <see cref="SessionOpening.New"/>, the one generator of both.
/// </summary>
internal static class SecureTokens
{
    /// <summary>256 bits, URL-safe base64 without padding (43 characters).</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A user id: 128 random bits as 32 lower-case hex characters, the shape <see cref="PasswordUsers"/> checks.</summary>
    public static string NewUserId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PasswordUsers.IdLength / 2));

    /// <summary>The first 128 bits of SHA-256: secrets are 256 random bits, so this is as hard to invert, in half the bytes.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))[..16];

    public static bool Matches(byte[]? hash, string secret) =>
        hash is not null && CryptographicOperations.FixedTimeEquals(hash, Hash(secret));
}
