using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Checks an access token exactly as the bearer handler does (same parameters), then its session through the same
/// <see cref="SessionCheck"/>, which reads the session's custom claims from its grain (a change is seen at once).
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
        var external = jwt.TryGetPayloadValue<string[]>(SessionClaims.AuthMethods, out var methods)
            && methods.Contains(ExternalUsers.AuthMethod, StringComparer.Ordinal);
        var userKey = SessionClaims.GrainKeyOf(userId, external);
        var sessionId = jwt.TryGetPayloadValue<string>(SessionClaims.SessionId, out var sid) ? sid : null;
        if (userKey is null || !RefreshTokenFormat.IsUrlSafe(sessionId))
        {
            return IntrospectionResponse.Inactive;
        }

        return await sessions.DescribeAsync(userKey, sessionId!) switch
        {
            null => null,
            { Status: not SessionStatus.Active } => IntrospectionResponse.Inactive,
            var session => new IntrospectionResponse(
                Active: true,
                Sub: userId,
                Sid: sessionId,
                Exp: new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds(),
                Iat: new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
                Iss: jwt.Issuer,
                Aud: jwt.Audiences.FirstOrDefault(),
                Jti: jwt.Id,
                TokenType: "access_token",
                AuthTime: session.AuthTime?.ToUnixTimeSeconds(),
                Client: session.Client,
                Claims: CustomClaimsJson.Parse(session.ClaimsJson)),
        };
    }
}
