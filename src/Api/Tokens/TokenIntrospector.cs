using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Checks an access token exactly as the bearer handler does (same parameters), then its session through the same
/// <see cref="SessionCheck"/>, which reads the session's custom claims from its grain (a change is seen at once).
/// </summary>
public sealed class TokenIntrospector(AccessTokenValidation tokens, SessionCheck sessions)
{
    /// <summary>The answer for <paramref name="token"/>; null when its session could not be checked (store unavailable).</summary>
    public async Task<IntrospectionResponse?> IntrospectAsync(string token)
    {
        if ((await tokens.CheckAsync(token)).Token is not { NamesASession: true } verified)
        {
            return IntrospectionResponse.Inactive;
        }

        var (jwt, userId, sessionId) = (verified.Token, verified.UserId!, verified.SessionId!);
        return await sessions.DescribeAsync(verified.UserKey!, sessionId) switch
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
                TokenType: "Bearer", // RFC 7662 2.2: a token type of RFC 6749 5.1
                AuthTime: session.AuthTime?.ToUnixTimeSeconds(),
                Client: session.Client,
                Amr: [verified.Principal.AuthMethodOf()],
                Claims: CustomClaimsJson.Parse(session.ClaimsJson)),
        };
    }
}
