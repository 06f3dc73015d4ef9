using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Checks an access token exactly as the bearer handler does (same parameters), then its session through the same
/// <see cref="SessionCheck"/>.
/// </summary>
public sealed class TokenIntrospector(IOptionsMonitor<JwtBearerOptions> bearer, SessionCheck sessions)
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The answer for <paramref name="token"/>; null when its session could not be checked (store unavailable).</summary>
    public async Task<IntrospectionResponse?> IntrospectAsync(string token)
    {
        var parameters = bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return IntrospectionResponse.Inactive;
        }

        var userId = jwt.Subject;
        var sessionId = jwt.TryGetPayloadValue<string>(SessionClaims.SessionId, out var sid) ? sid : null;
        if (!RefreshTokenFormat.IsUrlSafe(userId) || !RefreshTokenFormat.IsUrlSafe(sessionId))
        {
            return IntrospectionResponse.Inactive;
        }

        return await sessions.CheckAsync(userId, sessionId!) switch
        {
            SessionCheckResult.StoreUnavailable => null,
            not SessionCheckResult.Active => IntrospectionResponse.Inactive,
            _ => new IntrospectionResponse(
                Active: true,
                Sub: userId,
                Sid: sessionId,
                Exp: new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds(),
                Iat: new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
                Iss: jwt.Issuer,
                Aud: jwt.Audiences.FirstOrDefault(),
                Jti: jwt.Id,
                TokenType: "access_token"),
        };
    }
}
