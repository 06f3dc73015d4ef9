using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Makes refresh tokens out of what a grain issued, and reads back only the tokens it made: each carries an
/// HMAC-SHA256 of its payload under the server secret's refresh-token key (<see cref="RefreshTokenFormat"/>). A token
/// without the right MAC is refused here, before any grain is called, so forged tokens load and create nothing.
/// Deterministic: the same rotation always yields the same token (a duplicate inside the grace window gets the same pair).
/// </summary>
public sealed class RefreshTokens(ServerSecret secret)
{
    private readonly byte[] _key = secret.DeriveKey(ServerSecret.RefreshTokenPurpose);

    public string Issue(string userId, IssuedTokens issued)
    {
        var payload = RefreshTokenFormat.Payload(userId, issued.SessionId, issued.Generation, issued.RefreshSecret);
        return RefreshTokenFormat.Compose(payload, Mac(payload));
    }

    /// <summary>The parts of <paramref name="token"/> when it is well formed and carries this service's MAC.</summary>
    public bool TryRead(string? token, [NotNullWhen(true)] out RefreshTokenParts? parts)
    {
        if (!RefreshTokenFormat.TryParse(token, out parts))
        {
            return false;
        }

        // Compared as text: the encoding is canonical (unpadded base64url), and the comparison takes the same time
        // whichever character differs.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts.Mac), Encoding.ASCII.GetBytes(Mac(parts.Payload))))
        {
            parts = null;
            return false;
        }

        return true;
    }

    /// <summary>HMAC-SHA256 of the payload, unpadded base64url (43 characters).</summary>
    private string Mac(string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)));
}
