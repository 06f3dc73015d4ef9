using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Caching;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Cookies;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Throttling;
using OrleansSessions.Api.Tokens;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Api.Endpoints;

/// <summary>Registration, login and refresh: the calls that need no access token.</summary>
public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/auth").WithTags("Sessions");
        group.MapPost("/register", Register).WithSummary("Create an account.")
            .Errors(ErrorCodes.EmailTaken, ErrorCodes.RateLimited, ErrorCodes.StoreUnavailable);
        group.MapPost("/login", Login).WithSummary("Sign in: opens a session and returns its tokens.").AnswersInBothTokenModes()
            .Errors(ErrorCodes.InvalidCredentials, ErrorCodes.SessionLimitReached, ErrorCodes.RateLimited, ErrorCodes.StoreUnavailable);
        group.MapPost("/refresh", Refresh).WithSummary("Rotate the refresh token and get a new access token.").AnswersInBothTokenModes()
            .Errors(ErrorCodes.InvalidToken, ErrorCodes.RefreshTokenReused, ErrorCodes.CsrfFailed, ErrorCodes.StoreUnavailable);
        return group;
    }

    private static async Task<Results<Created<RegisterResponse>, ProblemHttpResult>> Register(
        RegisterRequest body, HttpContext context, SignInGrainReference signIn)
    {
        if (!AccountRules.IsValidEmail(body.Email))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "email must be a valid email address.");
        }

        if (AccountRules.PasswordProblem(body.Password) is { } passwordProblem)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, passwordProblem);
        }

        if (body.DisplayName is { Length: > AccountRules.MaxDisplayNameLength })
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, $"display_name must have at most {AccountRules.MaxDisplayNameLength} characters.");
        }

        var email = AccountRules.NormalizeEmail(body.Email!);
        var created = await signIn.Grain.Register(new Registration(email, body.Password!, body.DisplayName, context.ClientAddress()));
        if (created.Throttle is { } throttle)
        {
            RateLimitHeaders.Apply(context.Response, throttle);
        }

        return created switch
        {
            { UserId: { } userId } => TypedResults.Created("/auth/me", new RegisterResponse(userId, email)),
            { Throttled: true } => ApiProblem.Of(ErrorCodes.RateLimited, "Too many registrations from this address; try again later."),
            _ => ApiProblem.Of(ErrorCodes.EmailTaken, "An account with this email already exists."),
        };
    }

    private static async Task<Results<Ok<TokenResponse>, Ok<CookieSessionResponse>, ProblemHttpResult>> Login(
        LoginRequest body, HttpContext context, SignInGrainReference signIn, TokenResponder responder, IOptions<SessionPolicy> policy)
    {
        if (string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "email and password are required.");
        }

        if (body.Email.Length > AccountRules.MaxEmailLength || AccountRules.IsTooLongPassword(body.Password))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed,
                $"email has at most {AccountRules.MaxEmailLength} characters and password at most {AccountRules.MaxPasswordLength}.");
        }

        if (TokenCookies.IsCookieMode(context.Request) is not { } cookieMode)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "mode must be 'cookie' or 'bearer'.");
        }

        if (policy.Value.KnownClient(body.Client) is not { } client)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "client is not a known client.");
        }

        var email = AccountRules.NormalizeEmail(body.Email);
        var device = body.DeviceInfo is { } d ? new DeviceInfo(d.DeviceType, d.Os, d.Browser, d.DeviceFingerprint) : null;
        var session = new SessionContext(
            RememberMe: body.RememberMe ?? false,
            ClientAddress: context.ClientAddress(),
            UserAgent: context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            Device: device,
            Client: client,
            Opening: SessionOpening.New()); // chosen once: a retried sign-in opens this one session, never a second
        var result = await signIn.Grain.SignInWithPassword(new PasswordSignIn(email, body.Password, session));
        if (result.Throttle is { } throttle)
        {
            RateLimitHeaders.Apply(context.Response, throttle);
        }

        return result switch
        {
            { Status: SignInStatus.Succeeded, UserId: { } userId, Tokens: { } tokens } => responder.Respond(context, userId, tokens, cookieMode),
            { Status: SignInStatus.Throttled } => ApiProblem.Of(ErrorCodes.RateLimited, "Too many login attempts; try again later."),
            { Status: SignInStatus.SessionLimitReached } =>
                ApiProblem.Of(ErrorCodes.SessionLimitReached, "The maximum number of active sessions is reached; sign out elsewhere first."),
            { Status: SignInStatus.Interrupted } => ApiProblem.Of(ErrorCodes.StoreUnavailable, InterruptedDetail),
            _ => ApiProblem.Of(ErrorCodes.InvalidCredentials, "The email or password is wrong."),
        };
    }

    private static async Task<Results<Ok<TokenResponse>, Ok<CookieSessionResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest? body, HttpContext context, IGrainFactory grains, RefreshTokens refreshTokens, TokenResponder responder, CsrfTokens csrf,
        SessionCache sessions)
    {
        if (TokenCookies.IsCookieMode(context.Request) is not { } cookieMode)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "mode must be 'cookie' or 'bearer'.");
        }

        var refreshToken = body?.RefreshToken;
        var fromCookie = string.IsNullOrEmpty(refreshToken) && cookieMode
            && TokenCookies.TryRead(context.Request, TokenCookies.Refresh, out refreshToken);
        if (string.IsNullOrEmpty(refreshToken))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "refresh_token is required.");
        }

        // A token this service did not issue stops here: no grain is called, so forged tokens load or create nothing.
        if (!refreshTokens.TryRead(refreshToken, out var presented))
        {
            return ApiProblem.Of(ErrorCodes.InvalidToken, "The refresh token is unknown, expired or revoked.");
        }

        if (fromCookie && !csrf.IsValid(presented.SessionId, context.Request.Headers[CsrfTokens.Header]))
        {
            return ApiProblem.Of(ErrorCodes.CsrfFailed, $"A refresh by cookie must send the {CsrfTokens.Header} header given at login.");
        }

        // A session this node was told has ended is refused at once: an end is final, and its grain may be out of reach
        // (a silo cut off), where asking would answer 503 instead of the 401 the token deserves.
        var outcome = sessions.KnowsEnded(presented.SessionId)
            ? new RefreshOutcome(RefreshStatus.Invalid, null)
            : await grains.UserSessions(presented.UserId).Refresh(presented.Attempt);
        if (outcome is { Status: RefreshStatus.Rotated, Tokens: { } tokens })
        {
            return responder.Respond(context, presented.UserId, tokens, cookieMode);
        }

        if (fromCookie)
        {
            TokenCookies.Clear(context.Response);
        }

        return outcome.Status == RefreshStatus.Reused
            ? ApiProblem.Of(ErrorCodes.RefreshTokenReused, "This refresh token was already used; the session has been revoked.")
            : ApiProblem.Of(ErrorCodes.InvalidToken, "The refresh token is unknown, expired or revoked.");
    }

    /// <summary>
    /// A sign-in the Api sent again (its first answer was lost while a silo stopped) whose session ended before the
    /// retry arrived: the end is final, so the caller signs in again for a new session.
    /// </summary>
    internal const string InterruptedDetail = "The sign-in was interrupted and the session it opened has ended since; sign in again.";
}
