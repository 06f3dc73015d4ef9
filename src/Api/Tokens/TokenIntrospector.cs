using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Contracts;

namespace OrleansSessions.Api.Tokens;

/// <summary>Checks an access token exactly as the bearer handler does (same parameters), then asks its session's grain.</summary>
public sealed class TokenIntrospector(IOptionsMonitor<JwtBearerOptions> bearer, IGrainFactory grains)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<IntrospectionResponse> IntrospectAsync(string token)
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

        var status = await grains.GetGrain<IUserSessionsGrain>(userId).Validate(sessionId!);
        return status != SessionStatus.Active
            ? IntrospectionResponse.Inactive
            : new IntrospectionResponse(
                Active: true,
                Sub: userId,
                Sid: sessionId,
                Exp: new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds(),
                Iat: new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
                Iss: jwt.Issuer,
                Aud: jwt.Audiences.FirstOrDefault(),
                Jti: jwt.Id,
                TokenType: "access_token");
    }
}
