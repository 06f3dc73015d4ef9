using System.Security.Cryptography;
using System.Text;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// The service's own symmetric secret (<c>Auth:SecretKey</c> or <c>Auth:SecretKeyFile</c>), the same on every Api node.
/// It never keys anything itself: each use gets its own 256-bit key derived with HKDF-SHA256 under its own label, so
/// the MAC of a refresh token and the anti-CSRF token never share a key, and neither shares the JWT signing key.
/// </summary>
public sealed class ServerSecret
{
    /// <summary>The fewest random bytes accepted: 256 bits.</summary>
    public const int MinimumBytes = 32;

    /// <summary>The HKDF label of the key that MACs refresh tokens.</summary>
    public const string RefreshTokenPurpose = "orleans-sessions/refresh-token/v1";

    /// <summary>The HKDF label of the key that MACs anti-CSRF tokens.</summary>
    public const string CsrfPurpose = "orleans-sessions/csrf/v2";

    private readonly byte[] _secret;

    private ServerSecret(byte[] secret) => _secret = secret;

    /// <summary>A 256-bit key for <paramref name="purpose"/>: HKDF-SHA256 of the secret with the purpose as its info.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, info: Encoding.UTF8.GetBytes(purpose));

    public static ServerSecret Generate() => new(RandomNumberGenerator.GetBytes(MinimumBytes));

    /// <summary>Reads a base64 secret (standard or URL-safe alphabet) of at least <see cref="MinimumBytes"/> bytes.</summary>
    public static ServerSecret FromBase64(string text, string settingName = "Auth:SecretKey")
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).Replace('-', '+').Replace('_', '/').TrimEnd('=');
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(compact.PadRight((compact.Length + 3) / 4 * 4, '='));
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{settingName} must be base64 (e.g. the output of `openssl rand -base64 32`).");
        }

        return secret.Length >= MinimumBytes
            ? new ServerSecret(secret)
            : throw new InvalidOperationException(
                $"{settingName} holds {secret.Length} bytes; at least {MinimumBytes} random bytes are required (`openssl rand -base64 32`).");
    }

    /// <summary>Never the secret: settings objects and DI containers print themselves in diagnostics.</summary>
    public override string ToString() => nameof(ServerSecret);
}
