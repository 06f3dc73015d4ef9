using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansSessions.Abstractions.Accounts;
using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.Stats;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Roles;
using OrleansSessions.Api.Tokens;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Api.Endpoints;

/// <summary>Operators' view of any user's sessions; only for users who hold the <c>admin</c> role now.</summary>
public static class AdminEndpoints
{
    public const string AdminPolicy = "admin";

    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin").RequireAuthorization(AdminPolicy).WithTags("Admin");
        group.MapGet("/users", FindByEmail).WithSummary("Find a user by email (the operator page's search).")
            .Errors(ErrorCodes.ValidationFailed);
        group.MapGet("/users/{user_id}/sessions", List).WithSummary("A user's active sessions.").Errors(ErrorCodes.ValidationFailed);
        group.MapDelete("/users/{user_id}/sessions", RevokeAll).WithSummary("Revoke every session of a user.")
            .Errors(ErrorCodes.ValidationFailed, ErrorCodes.SessionNotFound).RefusesEmptySessionId();
        group.MapDelete("/users/{user_id}/sessions/{session_id}", RevokeOne).WithSummary("Revoke one session of a user.")
            .Errors(ErrorCodes.ValidationFailed, ErrorCodes.SessionNotFound);
        group.MapGet("/links", Links).WithSummary("Where operators find the Orleans dashboard.");
        group.MapGet("/stats", Stats).WithSummary("Users online and their active sessions, per silo and in total.");
        return group;
    }

    public static void AddAdminPolicy(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options) =>
        options.AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new CurrentRoleRequirement(Role.Admin)));

    private static async Task<Results<Ok<SessionListResponse>, ProblemHttpResult>> List(
        [FromRoute(Name = "user_id")] string userId, ClaimsPrincipal admin, IGrainFactory grains, IOptions<SessionPolicy> policy)
    {
        if (!RefreshTokenFormat.IsUrlSafe(userId))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "user_id is not a valid user id.");
        }

        var sessions = await grains.UserSessions(userId).List();
        return TypedResults.Ok(SessionListResponse.From(sessions, admin.SessionIdOf(), policy.Value.For(admin.ClientOf()).MaxPerUser));
    }

    private static async Task<Results<Ok<AccountSearchResponse>, ProblemHttpResult>> FindByEmail(
        [FromQuery(Name = "email")] string? email, IGrainFactory grains)
    {
        if (!AccountRules.IsValidEmail(email))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "email must be a valid email address.");
        }

        var normalized = AccountRules.NormalizeEmail(email!);
        var profile = await grains.GetGrain<IAccountGrain>(normalized).GetProfile();
        AccountDto[] users = profile is null
            ? []
            : [new AccountDto(profile.UserId, profile.Email, profile.DisplayName, await grains.GetGrain<IRoleDirectoryGrain>(0).RolesOf(profile.UserId), profile.CreatedAt)];
        return TypedResults.Ok(new AccountSearchResponse(users));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeOne(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "session_id")] string sessionId, IGrainFactory grains)
    {
        if (!RefreshTokenFormat.IsUrlSafe(userId))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "user_id is not a valid user id.");
        }

        var revoked = RefreshTokenFormat.IsUrlSafe(sessionId) && await grains.UserSessions(userId).Revoke(sessionId, RevocationReason.Admin);
        return revoked ? TypedResults.NoContent() : ApiProblem.Of(ErrorCodes.SessionNotFound, "This user has no active session with this id.");
    }

    private static Ok<OperatorLinksResponse> Links(IOptions<OperatorSettings> operators) =>
        TypedResults.Ok(new OperatorLinksResponse(operators.Value.DashboardUrl));

    private static async Task<Ok<ClusterStatsResponse>> Stats(IGrainFactory grains) =>
        TypedResults.Ok(ClusterStatsResponse.From(await grains.GetGrain<IClusterStatsGrain>(0).GetStats()));

    private static async Task<Results<Ok<RevokedResponse>, ProblemHttpResult>> RevokeAll(
        [FromRoute(Name = "user_id")] string userId, IGrainFactory grains)
    {
        if (!RefreshTokenFormat.IsUrlSafe(userId))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "user_id is not a valid user id.");
        }

        return TypedResults.Ok(new RevokedResponse(await grains.UserSessions(userId).RevokeAll(null, RevocationReason.Admin)));
    }
}
