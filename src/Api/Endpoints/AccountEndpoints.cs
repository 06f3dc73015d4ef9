using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Cookies;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Throttling;
using OrleansSessions.Api.Tokens;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Api.Endpoints;

/// <summary>Password change: proves the current password, then revokes every other session of the user.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/auth").RequireAuthorization().WithTags("Accounts");
        group.MapPost("/password", ChangePassword).WithSummary("Change the password; every other session is revoked.")
            .Errors(ErrorCodes.InvalidCredentials, ErrorCodes.RateLimited);
        group.MapPost("/reauthenticate", Reauthenticate)
            .WithSummary("Prove the password again: a new token pair of the same session, with auth_time now.")
            .Errors(ErrorCodes.InvalidCredentials, ErrorCodes.RateLimited);
        return group;
    }

    private static async Task<Results<Ok<TokenResponse>, Ok<CookieSessionResponse>, ProblemHttpResult>> Reauthenticate(
        ReauthenticateRequest body, HttpContext context, ClaimsPrincipal user, SignInGrainReference signIn, TokenResponder responder)
    {
        if (string.IsNullOrEmpty(body.Password) || AccountRules.IsTooLongPassword(body.Password))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "password is required.");
        }

        if (user.IsExternal())
        {
            return ApiProblem.Of(ErrorCodes.InvalidCredentials, "This session was opened by a service; its user has no password here.");
        }

        var request = new Reauthentication(user.Email(), user.UserId(), user.SessionIdOf(), body.Password, context.ClientAddress());
        var result = await signIn.Grain.Reauthenticate(request);
        if (result.Throttle is { } throttle)
        {
            RateLimitHeaders.Apply(context.Response, throttle);
        }

        return result switch
        {
            { Status: SignInStatus.Succeeded, Tokens: { } tokens } =>
                responder.Respond(context, user.UserId(), tokens, TokenCookies.AuthenticatedByCookie(context)),
            { Status: SignInStatus.Throttled } => ApiProblem.Of(ErrorCodes.RateLimited, "Too many password attempts; try again later."),
            _ => ApiProblem.Of(ErrorCodes.InvalidCredentials, "The password is wrong."),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest body, HttpContext context, ClaimsPrincipal user, SignInGrainReference signIn)
    {
        if (string.IsNullOrEmpty(body.CurrentPassword) || AccountRules.IsTooLongPassword(body.CurrentPassword))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "current_password is required.");
        }

        if (AccountRules.PasswordProblem(body.NewPassword) is { } problem)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, problem.Replace("password", "new_password", StringComparison.Ordinal));
        }

        if (user.IsExternal())
        {
            return ApiProblem.Of(ErrorCodes.InvalidCredentials, "This session was opened by a service; its user has no password here.");
        }

        var change = new PasswordChange(user.Email(), user.UserId(), user.SessionIdOf(), body.CurrentPassword, body.NewPassword!, context.ClientAddress());
        var result = await signIn.Grain.ChangePassword(change);
        if (result.Throttle is { } throttle)
        {
            RateLimitHeaders.Apply(context.Response, throttle);
        }

        return result.Status switch
        {
            SignInStatus.Succeeded => TypedResults.NoContent(),
            SignInStatus.Throttled => ApiProblem.Of(ErrorCodes.RateLimited, "Too many password attempts; try again later."),
            _ => ApiProblem.Of(ErrorCodes.InvalidCredentials, "The current password is wrong."),
        };
    }
}
