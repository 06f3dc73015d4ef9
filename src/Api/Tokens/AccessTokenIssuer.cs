using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Mints access tokens. Every claim comes from the grain's <see cref="IssuedTokens"/>, so the same rotation always
/// yields the same claims: a duplicate refresh inside the grace window gets the same pair (with an RSA key the very same
/// token; ES256 signatures are randomised, so with an EC key the same claims under another signature).
/// </summary>
public sealed class AccessTokenIssuer(SigningKeys keys, IOptions<JwtSettings> settings)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => settings.Value.AccessTokenLifetime;

    /// <summary>
    /// The access token of <paramref name="issued"/> for the user whose grain key is <paramref name="userKey"/>: its
    /// <c>sub</c> is the user id (an external user's own id), and a backend's custom claims are top-level claims beside
    /// the service's own (whose names they cannot take: <see cref="SessionClaims.Reserved"/>).
    /// </summary>
    public string Mint(string userKey, IssuedTokens issued)
    {
        var issuedAt = issued.IssuedAt.UtcDateTime;
        var identity = issued.Identity;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        claims[JwtRegisteredClaimNames.Sub] = identity.ExternalUserId ?? userKey;
        claims[SessionClaims.SessionId] = issued.SessionId;
        claims[JwtRegisteredClaimNames.Jti] = $"{issued.SessionId}.{issued.Generation}";
        claims[SessionClaims.AuthTime] = issued.AuthTime.ToUnixTimeSeconds();
        claims[SessionClaims.Client] = issued.Client;
        claims[SessionClaims.AuthMethods] = new[] { identity.IsExternal ? ExternalUsers.AuthMethod : ExternalUsers.PasswordAuthMethod };
        if (!identity.IsExternal)
        {
            claims[JwtRegisteredClaimNames.Email] = identity.Email;
        }

        claims[SessionClaims.Roles] = identity.Roles.ToArray(); // always, empty too: "tokens carry roles as of their issue"

        // After the service's own claims, so a lookup of those (several per request) does not pass the custom ones first.
        if (issued.ClaimsJson is { } custom)
        {
            using var document = JsonDocument.Parse(custom);
            foreach (var claim in document.RootElement.EnumerateObject())
            {
                claims.TryAdd(claim.Name, claim.Value.Clone());
            }
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Value.Issuer,
            Audience = settings.Value.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + settings.Value.AccessTokenLifetime,
            Claims = claims,
            SigningCredentials = keys.Credentials,
        });
    }
}
