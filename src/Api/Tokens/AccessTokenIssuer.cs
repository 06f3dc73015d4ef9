using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Mints access tokens. Every claim comes from the grain's <see cref="IssuedTokens"/>, so the same rotation
/// always yields the same token: a duplicate refresh inside the grace window gets the very same pair.
/// </summary>
public sealed class AccessTokenIssuer(SigningKeys keys, IOptions<JwtSettings> settings)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => settings.Value.AccessTokenLifetime;

    public string Mint(string userId, IssuedTokens issued)
    {
        var issuedAt = issued.IssuedAt.UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = userId,
            [SessionClaims.SessionId] = issued.SessionId,
            [JwtRegisteredClaimNames.Jti] = $"{issued.SessionId}.{issued.Generation}",
            [JwtRegisteredClaimNames.Email] = issued.Identity.Email,
            [SessionClaims.AuthTime] = issued.AuthTime.ToUnixTimeSeconds(),
        };
        if (issued.Identity.Roles.Count > 0)
        {
            claims[SessionClaims.Roles] = issued.Identity.Roles.ToArray();
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
