using OrleansSessions.Api.Contracts;
using OrleansSessions.Hosting;
using OrleansSessions.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>Builds the login/refresh answer from what the grain issued, and marks it not to be cached.</summary>
public sealed class TokenResponder(AccessTokenIssuer issuer, [FromKeyedServices(SessionClock.Key)] TimeProvider time)
{
    public const string SessionIdHeader = "X-Session-ID";

    public TokenResponse Respond(HttpContext context, string userId, IssuedTokens issued)
    {
        var refreshExpiresIn = (long)Math.Max(0, (issued.SessionExpiresAt - time.GetUtcNow()).TotalSeconds);
        context.Response.Headers[SessionIdHeader] = issued.SessionId;
        return new TokenResponse(
            AccessToken: issuer.Mint(userId, issued),
            TokenType: "Bearer",
            ExpiresIn: (long)issuer.Lifetime.TotalSeconds,
            RefreshToken: issued.RefreshToken,
            RefreshExpiresIn: refreshExpiresIn,
            SessionId: issued.SessionId,
            User: new UserDto(userId, issued.Identity.Email));
    }
}
