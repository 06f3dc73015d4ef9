using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Throttling;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Endpoints;

/// <summary>Password change: proves the current password, then revokes every other session of the user.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/auth").RequireAuthorization().WithTags("Accounts");
        group.MapPost("/password", ChangePassword).WithSummary("Change the password; every other session is revoked.")
            .Errors(ErrorCodes.InvalidCredentials, ErrorCodes.RateLimited);
        return group;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest body, HttpContext context, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(body.CurrentPassword) || body.CurrentPassword.Length > AccountRules.MaxPasswordLength)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "current_password is required.");
        }

        if (AccountRules.PasswordProblem(body.NewPassword) is { } problem)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, problem.Replace("password", "new_password", StringComparison.Ordinal));
        }

        var change = new PasswordChange(user.Email(), user.UserId(), user.SessionIdOf(), body.CurrentPassword, body.NewPassword!, context.ClientAddress());
        var result = await grains.GetGrain<ISignInGrain>(0).ChangePassword(change);
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
