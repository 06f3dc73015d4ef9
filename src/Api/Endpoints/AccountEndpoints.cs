using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSessions.Abstractions.Accounts;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Contracts;
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
        ChangePasswordRequest body, HttpContext context, ClaimsPrincipal user, IGrainFactory grains,
        PasswordHashing hashing, LoginThrottle throttle)
    {
        if (string.IsNullOrEmpty(body.CurrentPassword) || body.CurrentPassword.Length > AccountRules.MaxPasswordLength)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "current_password is required.");
        }

        if (AccountRules.PasswordProblem(body.NewPassword) is { } problem)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, problem.Replace("password", "new_password", StringComparison.Ordinal));
        }

        var email = user.Email();
        if (await throttle.RefuseAsync(context, email, "Too many password attempts; try again later.") is { } tooMany)
        {
            return tooMany;
        }

        var account = grains.GetGrain<IAccountGrain>(email);
        var credentials = await account.GetCredentials();
        if (credentials is null || credentials.UserId != user.UserId() || !hashing.Verify(credentials.PasswordHash, body.CurrentPassword))
        {
            return await throttle.WrongPasswordAsync(context, email, "The current password is wrong.");
        }

        await account.ChangePassword(hashing.Hash(body.NewPassword!));
        await grains.GetGrain<IUserSessionsGrain>(credentials.UserId).RevokeAll(user.SessionIdOf());
        return TypedResults.NoContent();
    }
}
