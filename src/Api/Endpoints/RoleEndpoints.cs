using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Roles;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Api.Endpoints;

/// <summary>Admins grant and take away the admin role; both need a fresh sign-in, and the last admin stays.</summary>
public static class RoleEndpoints
{
    public static RouteGroupBuilder MapRoleEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/users/{user_id}/roles").RequireAuthorization(AdminEndpoints.AdminPolicy).WithTags("Admin");
        group.MapPut("/admin", Grant).WithSummary("Grant the admin role (needs a fresh sign-in).")
            .Errors(ErrorCodes.ValidationFailed, ErrorCodes.ReauthenticationRequired);
        group.MapDelete("/admin", Revoke).WithSummary("Take the admin role away (needs a fresh sign-in; never from the last admin).")
            .Errors(ErrorCodes.ValidationFailed, ErrorCodes.ReauthenticationRequired, ErrorCodes.LastAdmin);
        return group;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Grant(
        [FromRoute(Name = "user_id")] string userId, ClaimsPrincipal admin, IGrainFactory grains, IOptions<AuthSettings> auth,
        [FromKeyedServices(SessionClock.Key)] TimeProvider time)
    {
        if (!PasswordUsers.IsWellFormedId(userId))
        {
            // A role held by an id no account can have would count as an admin, and let the last real one leave.
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "user_id is not a registered user's id (32 lower-case hex characters): roles are for accounts.");
        }

        if (Refusal(userId, admin, auth.Value, time) is { } refusal)
        {
            return refusal;
        }

        await grains.GetGrain<IRoleDirectoryGrain>(0).Grant(userId, Role.Admin);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        [FromRoute(Name = "user_id")] string userId, ClaimsPrincipal admin, IGrainFactory grains, IOptions<AuthSettings> auth,
        [FromKeyedServices(SessionClock.Key)] TimeProvider time)
    {
        if (Refusal(userId, admin, auth.Value, time) is { } refusal)
        {
            return refusal;
        }

        return await grains.GetGrain<IRoleDirectoryGrain>(0).Revoke(userId, Role.Admin) == RoleChange.LastAdmin
            ? ApiProblem.Of(ErrorCodes.LastAdmin, "This is the last admin; grant the role to someone else first.")
            : TypedResults.NoContent();
    }

    private static ProblemHttpResult? Refusal(string userId, ClaimsPrincipal admin, AuthSettings auth, TimeProvider time)
    {
        if (!RefreshTokenFormat.IsUrlSafe(userId))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "user_id is not a valid user id.");
        }

        return FreshAuthentication.IsFresh(admin, time.GetUtcNow(), auth.FreshAuthWindow)
            ? null
            : ApiProblem.Of(ErrorCodes.ReauthenticationRequired,
                $"Role changes need a sign-in from the last {auth.FreshAuthWindow.TotalMinutes:0} minutes; re-authenticate (POST /auth/reauthenticate) and retry.");
    }
}
