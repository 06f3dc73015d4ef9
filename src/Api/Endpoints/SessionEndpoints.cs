using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Cookies;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Tokens;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Api.Endpoints;

/// <summary>The caller's own sessions. Every call here is authenticated, and the session checked against its grain.</summary>
public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/auth").RequireAuthorization().WithTags("Sessions");
        group.MapGet("/me", Me).WithSummary("Who is calling: the cheapest authenticated call.");
        group.MapGet("/sessions", List).WithSummary("The caller's active sessions, most recently active first.");
        group.MapGet("/sessions/stats", Stats).WithSummary("How many sessions the caller holds, and the limit.");
        group.MapDelete("/sessions/{session_id}", RevokeOne).WithSummary("Revoke one of the caller's sessions.")
            .Errors(ErrorCodes.SessionNotFound);
        group.MapDelete("/sessions", RevokeAll).WithSummary("Revoke all of the caller's sessions, by default except the current one.")
            .Errors(ErrorCodes.ValidationFailed, ErrorCodes.SessionNotFound).RefusesEmptySessionId();
        group.MapPost("/logout", Logout).WithSummary("Revoke the current session.");
        group.MapPost("/logout-all", LogoutAll).WithSummary("Revoke every session of the caller.");
        return group;
    }

    private static Ok<MeResponse> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new MeResponse(
            user.UserId(),
            user.IsExternal() ? null : user.Email(),
            user.SessionIdOf(),
            user.ClientOf(),
            long.TryParse(user.FindFirst(SessionClaims.AuthTime)?.Value, out var authTime) ? authTime : null,
            (user.Identity as SharedClaimsIdentity)?.CustomClaims ?? CustomClaimsJson.Parse(null)));

    /// <summary>The caller's sessions; <c>max_sessions</c> is the limit of the calling session's client.</summary>
    private static async Task<Ok<SessionListResponse>> List(ClaimsPrincipal user, IGrainFactory grains, IOptions<SessionPolicy> policy)
    {
        var sessions = await Sessions(grains, user).List();
        return TypedResults.Ok(SessionListResponse.From(sessions, user.SessionIdOf(), policy.Value.For(user.ClientOf()).MaxPerUser));
    }

    private static async Task<Ok<SessionStatsResponse>> Stats(ClaimsPrincipal user, IGrainFactory grains, IOptions<SessionPolicy> policy) =>
        TypedResults.Ok(new SessionStatsResponse(await Sessions(grains, user).Count(), policy.Value.For(user.ClientOf()).MaxPerUser));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeOne(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "session_id")] string sessionId, HttpContext context, ClaimsPrincipal user, IGrainFactory grains)
    {
        var revoked = RefreshTokenFormat.IsUrlSafe(sessionId) && await Sessions(grains, user).Revoke(sessionId);
        if (!revoked)
        {
            return ApiProblem.Of(ErrorCodes.SessionNotFound, "You have no active session with this id.");
        }

        if (sessionId == user.SessionIdOf())
        {
            ForgetCookies(context);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RevokedResponse>, ProblemHttpResult>> RevokeAll(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "keep_current")] string? keepCurrentText, HttpContext context, ClaimsPrincipal user, IGrainFactory grains)
    {
        var keepCurrent = true;
        if (keepCurrentText is not null && !bool.TryParse(keepCurrentText, out keepCurrent))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "keep_current must be true or false.");
        }

        var revoked = await Sessions(grains, user).RevokeAll(keepCurrent ? user.SessionIdOf() : null);
        if (!keepCurrent)
        {
            ForgetCookies(context);
        }

        return TypedResults.Ok(new RevokedResponse(revoked));
    }

    private static async Task<NoContent> Logout(HttpContext context, ClaimsPrincipal user, IGrainFactory grains)
    {
        await Sessions(grains, user).Logout(user.SessionIdOf());
        ForgetCookies(context);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RevokedResponse>> LogoutAll(HttpContext context, ClaimsPrincipal user, IGrainFactory grains)
    {
        var revoked = await Sessions(grains, user).RevokeAll(null);
        ForgetCookies(context);
        return TypedResults.Ok(new RevokedResponse(revoked));
    }

    /// <summary>When the caller's own session ends, a cookie-mode caller's cookies go with it.</summary>
    private static void ForgetCookies(HttpContext context)
    {
        if (TokenCookies.AuthenticatedByCookie(context))
        {
            TokenCookies.Clear(context.Response);
        }
    }

    private static IUserSessionsGrain Sessions(IGrainFactory grains, ClaimsPrincipal user) =>
        grains.UserSessions(user.GrainKey());
}
