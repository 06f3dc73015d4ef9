using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Cookies;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Api.Tokens;

/// <summary>Builds the login/refresh answer from what the grain issued: tokens in the body, or in cookies in cookie mode.</summary>
public sealed class TokenResponder(AccessTokenIssuer issuer, RefreshTokens refreshTokens, CsrfTokens csrf, [FromKeyedServices(SessionClock.Key)] TimeProvider time)
{
    public const string SessionIdHeader = "X-Session-ID";

    /// <summary>The answer of login and refresh (typed as theirs, so they can return it as it is).</summary>
    public Results<Ok<TokenResponse>, Ok<CookieSessionResponse>, ProblemHttpResult> Respond(HttpContext context, string userId, IssuedTokens issued, bool cookieMode)
    {
        var refreshExpiresIn = (long)Math.Max(0, (issued.SessionExpiresAt - time.GetUtcNow()).TotalSeconds);
        context.Response.Headers[SessionIdHeader] = issued.SessionId;
        var tokens = new TokenResponse(
            AccessToken: issuer.Mint(userId, issued),
            TokenType: "Bearer",
            ExpiresIn: (long)issuer.Lifetime.TotalSeconds,
            RefreshToken: refreshTokens.Issue(userId, issued),
            RefreshExpiresIn: refreshExpiresIn,
            SessionId: issued.SessionId,
            User: new UserDto(userId, issued.Identity.Email));
        if (!cookieMode)
        {
            return TypedResults.Ok(tokens);
        }

        var csrfToken = csrf.For(issued.SessionId);
        TokenCookies.Write(context.Response, tokens, csrfToken, issued.RememberMe);
        return TypedResults.Ok(new CookieSessionResponse("Cookie", tokens.ExpiresIn, refreshExpiresIn, issued.SessionId, csrfToken, tokens.User));
    }
}
