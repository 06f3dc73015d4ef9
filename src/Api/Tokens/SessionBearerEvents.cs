using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Cookies;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// After the signature and lifetime check, asks <see cref="SessionCheck"/> whether the session is still active, so a
/// revoked or expired session is refused at once on every node. Failures become the contract's problems.
/// </summary>
public sealed class SessionBearerEvents(SessionCheck sessions, VerifiedTokenCache verified) : JwtBearerEvents
{
    private const string ErrorItem = "auth.error";
    private const string BearerPrefix = "Bearer ";

    /// <summary>
    /// Without an Authorization header, the access token may come from the cookie-mode cookie. With one holding a
    /// token the node remembers, the handler is given the remembered text rather than copying it out of the header.
    /// </summary>
    public override Task MessageReceived(MessageReceivedContext context)
    {
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count == 0)
        {
            if (context.Request.Cookies.TryGetValue(TokenCookies.Access, out var token) && !string.IsNullOrEmpty(token))
            {
                context.Token = token;
                TokenCookies.MarkAuthenticatedByCookie(context.HttpContext);
            }
        }
        else if (authorization.Count == 1 && RememberedBearer(authorization[0]) is { } remembered)
        {
            context.Token = remembered;
        }

        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        context.HttpContext.Items[ErrorItem] = context.Exception is SecurityTokenExpiredException
            ? ErrorCodes.TokenExpired
            : ErrorCodes.InvalidToken;
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userKey = SessionClaims.GrainKeyOf(principal.FindFirst("sub")?.Value, principal.IsExternal());
        var sessionId = principal.FindFirst(SessionClaims.SessionId)?.Value;
        if (userKey is null || !RefreshTokenFormat.IsUrlSafe(sessionId))
        {
            Fail(context, ErrorCodes.InvalidToken);
            return Task.CompletedTask;
        }

        var check = sessions.CheckAsync(userKey, sessionId!);
        if (check.IsCompletedSuccessfully)
        {
            Apply(context, check.Result);
            return Task.CompletedTask;
        }

        return ApplyAsync(context, check);
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var code = context.HttpContext.Items[ErrorItem] as string ?? ErrorCodes.InvalidToken;
        if (code != ErrorCodes.StoreUnavailable)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        }

        var noToken = context.AuthenticateFailure is null && context.Request.Headers.Authorization.Count == 0
            && !TokenCookies.AuthenticatedByCookie(context.HttpContext);
        await ApiProblem.WriteAsync(context.HttpContext, code, DetailOf(code, noToken));
    }

    /// <summary>An authenticated caller without the required role: 403 <c>forbidden</c>.</summary>
    public override Task Forbidden(ForbiddenContext context) =>
        ApiProblem.WriteAsync(context.HttpContext, ErrorCodes.Forbidden, "This call needs the admin role.");

    /// <summary>The bearer handler's own reading of the header (<c>Bearer </c> in any case, then trimmed), if remembered.</summary>
    private string? RememberedBearer(string? header) =>
        header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? verified.Remembered(header.AsSpan(BearerPrefix.Length).Trim())
            : null;

    private static async Task ApplyAsync(TokenValidatedContext context, ValueTask<SessionCheckResult> check) =>
        Apply(context, await check);

    private static void Apply(TokenValidatedContext context, SessionCheckResult result)
    {
        switch (result)
        {
            case SessionCheckResult.Active:
                return;
            case SessionCheckResult.Expired:
                Fail(context, ErrorCodes.SessionExpired);
                return;
            case SessionCheckResult.StoreUnavailable:
                Fail(context, ErrorCodes.StoreUnavailable);
                return;
            default:
                Fail(context, ErrorCodes.SessionRevoked);
                return;
        }
    }

    private static void Fail(TokenValidatedContext context, string code)
    {
        context.HttpContext.Items[ErrorItem] = code;
        context.Fail(code);
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
