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

    /// <summary>
    /// The answer of login and refresh (typed as theirs, so they can return it as it is). <paramref name="userKey"/> is
    /// the key of the user's grain (which routes the refresh token); the answer names the user by their id.
    /// </summary>
    public Results<Ok<TokenResponse>, Ok<CookieSessionResponse>, ProblemHttpResult> Respond(HttpContext context, string userKey, IssuedTokens issued, bool cookieMode)
    {
        var tokens = Tokens(context, userKey, issued);
        var refreshExpiresIn = tokens.RefreshExpiresIn;
        if (!cookieMode)
        {
            return TypedResults.Ok(tokens);
        }

        var csrfToken = csrf.For(issued.SessionId);
        TokenCookies.Write(context.Response, tokens, csrfToken, issued.RememberMe);
        return TypedResults.Ok(new CookieSessionResponse("Cookie", tokens.ExpiresIn, refreshExpiresIn, issued.SessionId, csrfToken, tokens.User));
    }

    /// <summary>The token pair in the body (and the session id header), as login, refresh and the service API answer.</summary>
    public TokenResponse Tokens(HttpContext context, string userKey, IssuedTokens issued)
    {
        context.Response.Headers[SessionIdHeader] = issued.SessionId;
        var identity = issued.Identity;
        return new TokenResponse(
            AccessToken: issuer.Mint(userKey, issued),
            TokenType: "Bearer",
            ExpiresIn: (long)issuer.Lifetime.TotalSeconds,
            RefreshToken: refreshTokens.Issue(userKey, issued),
            RefreshExpiresIn: SecondsUntil(issued.SessionExpiresAt),
            SessionId: issued.SessionId,
            User: new UserDto(identity.ExternalUserId ?? userKey, identity.IsExternal ? null : identity.Email));
    }

    /// <summary>
    /// Whole seconds to <paramref name="expiresAt"/>, to the nearest: the grain set it a few milliseconds ago, so a fresh
    /// session says its full lifetime (3600), not a second less.
    /// </summary>
    private long SecondsUntil(DateTimeOffset expiresAt) =>
        (long)Math.Max(0, Math.Round((expiresAt - time.GetUtcNow()).TotalSeconds, MidpointRounding.AwayFromZero));
}
