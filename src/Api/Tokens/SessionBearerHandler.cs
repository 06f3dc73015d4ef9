using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrleansSessions.Api.Cookies;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// The Api's bearer authentication: reads the access token (the <c>Authorization: Bearer</c> header, or without any
/// Authorization header the cookie-mode cookie), checks it through <see cref="AccessTokenValidation"/>, then asks
/// <see cref="SessionCheck"/> whether its session is still active, so a revoked or expired session is refused at once on
/// every node. Failures become the contract's problems.
/// <para>Its own handler rather than <c>JwtBearerHandler</c> with events, because this is every request's path: a known
/// token is answered with its remembered principal, without cloning validation parameters or building event contexts
/// per request. The token itself is still verified by IdentityModel's <c>JsonWebTokenHandler</c>.</para>
/// </summary>
public sealed class SessionBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokenValidation tokens,
    SessionCheck sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name, the one <c>JwtBearerDefaults</c> uses.</summary>
    public const string SchemeName = "Bearer";

    private const string ErrorItem = "auth.error";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization;
        ValueTask<AccessTokenCheck> check;
        if (authorization.Count == 0)
        {
            if (!TokenCookies.TryRead(Request, TokenCookies.Access, out var cookie))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            TokenCookies.MarkAuthenticatedByCookie(Context);
            check = tokens.CheckAsync(cookie);
        }
        else
        {
            // As JwtBearerHandler reads it: several headers are one comma-joined value; "Bearer " in any case, then trimmed.
            var header = authorization.Count == 1 ? authorization[0] : authorization.ToString();
            if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                || header.AsSpan(BearerPrefix.Length).Trim() is not { IsEmpty: false } token)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            check = tokens.CheckAsync(token);
        }

        return check.IsCompletedSuccessfully ? CheckSession(check.Result) : CheckSessionAsync(check);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var code = Context.Items[ErrorItem] as string ?? ErrorCodes.InvalidToken;
        if (code != ErrorCodes.StoreUnavailable)
        {
            Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        }

        var noToken = result.None && Request.Headers.Authorization.Count == 0 && !TokenCookies.AuthenticatedByCookie(Context);
        await ApiProblem.WriteAsync(Context, code, DetailOf(code, noToken));
    }

    /// <summary>An authenticated caller without the required role: 403 <c>forbidden</c>.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.WriteAsync(Context, ErrorCodes.Forbidden, "This call needs the admin role.");

    private async Task<AuthenticateResult> CheckSessionAsync(ValueTask<AccessTokenCheck> check) => await CheckSession(await check);

    private Task<AuthenticateResult> CheckSession(AccessTokenCheck check)
    {
        if (check.Token is not { NamesASession: true } token)
        {
            return Task.FromResult(Fail(check.Token is null ? check.RefusalCode : ErrorCodes.InvalidToken));
        }

        var session = sessions.CheckAsync(token.UserKey!, token.SessionId!);
        return session.IsCompletedSuccessfully
            ? Task.FromResult(Decide(token, session.Result))
            : DecideAsync(token, session);
    }

    private async Task<AuthenticateResult> DecideAsync(VerifiedToken token, ValueTask<SessionCheckResult> session) =>
        Decide(token, await session);

    private AuthenticateResult Decide(VerifiedToken token, SessionCheckResult session) => session switch
    {
        SessionCheckResult.Active => AuthenticateResult.Success(new AuthenticationTicket(token.Principal, Scheme.Name)),
        SessionCheckResult.Expired => Fail(ErrorCodes.SessionExpired),
        SessionCheckResult.StoreUnavailable => Fail(ErrorCodes.StoreUnavailable),
        _ => Fail(ErrorCodes.SessionRevoked),
    };

    private AuthenticateResult Fail(string code)
    {
        Context.Items[ErrorItem] = code;
        return AuthenticateResult.Fail(code);
    }

    private static string DetailOf(string code, bool noToken) => code switch
    {
        _ when noToken => "This call needs an access token: send 'Authorization: Bearer <access_token>'.",
        ErrorCodes.TokenExpired => "The access token has expired; refresh it.",
        ErrorCodes.SessionRevoked => "The session of this token has been revoked; sign in again.",
        ErrorCodes.SessionExpired => "The session of this token has expired; sign in again.",
        ErrorCodes.StoreUnavailable => "The session could not be checked right now; try again shortly.",
        _ => "The access token is malformed, has a bad signature, or was not issued for this service.",
    };
}
