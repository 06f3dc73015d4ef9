using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Endpoints;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Tokens;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Api.Service;

/// <summary>
/// The service API, for backends that authenticate their users themselves: open a session for an external user id,
/// change its custom claims, list and revoke. The key was checked by <see cref="ServiceKeyGate"/> before any of this
/// runs; each call validates its input, then makes one grain call. External ids live in their own key space
/// (<see cref="ExternalUsers"/>), so they never name a password user.
/// </summary>
public static class ServiceEndpoints
{
    public static RouteGroupBuilder MapServiceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(ServiceKeys.PathPrefix).WithTags("Service API");
        group.MapPost("/sessions", Open)
            .WithSummary("Open a session for a user the calling backend authenticated (API key in X-Api-Key).")
            .Errors(ErrorCodes.InvalidApiKey, ErrorCodes.SessionLimitReached, ErrorCodes.StoreUnavailable);
        group.MapPatch("/users/{user_id}/sessions/{session_id}", UpdateClaims)
            .WithSummary("Replace the custom claims of a session: introspection sees them at once, tokens from the next refresh.")
            .Errors(ErrorCodes.InvalidApiKey, ErrorCodes.SessionNotFound, ErrorCodes.StoreUnavailable);
        group.MapGet("/users/{user_id}/sessions", List)
            .WithSummary("The user's active sessions, most recently active first.")
            .Errors(ErrorCodes.InvalidApiKey, ErrorCodes.ValidationFailed, ErrorCodes.StoreUnavailable);
        group.MapDelete("/users/{user_id}/sessions", RevokeAll)
            .WithSummary("Revoke every session of the user.")
            .Errors(ErrorCodes.InvalidApiKey, ErrorCodes.ValidationFailed, ErrorCodes.SessionNotFound, ErrorCodes.StoreUnavailable)
            .RefusesEmptySessionId();
        group.MapDelete("/users/{user_id}/sessions/{session_id}", RevokeOne)
            .WithSummary("Revoke one session of the user.")
            .Errors(ErrorCodes.InvalidApiKey, ErrorCodes.ValidationFailed, ErrorCodes.SessionNotFound, ErrorCodes.StoreUnavailable);
        return group;
    }

    private static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> Open(
        ServiceSessionRequest body, HttpContext context, IGrainFactory grains, TokenResponder responder, IOptions<SessionPolicy> policy)
    {
        if (!ExternalUsers.IsValidNewId(body.UserId))
        {
            return BadUserId();
        }

        var (claims, claimsProblem) = CustomClaimsRules.Check(body.Claims);
        if (claimsProblem is not null)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, claimsProblem);
        }

        if (policy.Value.KnownClient(body.Client) is not { } client)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "client is not a known client.");
        }

        if (body.IpAddress is { } ip && !IPAddress.TryParse(ip, out _))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "ip_address must be an IPv4 or IPv6 address.");
        }

        var device = body.DeviceInfo is { } d ? new DeviceInfo(d.DeviceType, d.Os, d.Browser, d.DeviceFingerprint) : null;
        var session = new SessionContext(
            body.RememberMe ?? false, body.IpAddress ?? string.Empty, body.UserAgent, device, client, SessionOpening.New()); // one per request
        var userKey = ExternalUsers.GrainKey(body.UserId!);
        var opened = await grains.UserSessions(userKey).OpenForService(new ServiceSignIn(body.UserId!, session, claims));
        if (opened.Tokens is { } tokens)
        {
            return TypedResults.Created((string?)null, responder.Tokens(context, userKey, tokens));
        }

        return opened.SessionEnded
            ? ApiProblem.Of(ErrorCodes.StoreUnavailable, AuthEndpoints.InterruptedDetail)
            : ApiProblem.Of(ErrorCodes.SessionLimitReached, "The user holds the maximum number of sessions of this client; revoke one first.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UpdateClaims(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "session_id")] string sessionId, ServiceClaimsRequest body,
        IGrainFactory grains)
    {
        if (!ExternalUsers.IsValidId(userId))
        {
            return BadUserId();
        }

        if (body.Claims is null)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "claims is required (an empty object removes them all).");
        }

        var (claims, problem) = CustomClaimsRules.Check(body.Claims);
        if (problem is not null)
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, problem);
        }

        var updated = RefreshTokenFormat.IsUrlSafe(sessionId) && await Sessions(grains, userId).UpdateClaims(sessionId, claims);
        return updated ? TypedResults.NoContent() : NotFound();
    }

    private static async Task<Results<Ok<SessionListResponse>, ProblemHttpResult>> List(
        [FromRoute(Name = "user_id")] string userId, IGrainFactory grains, IOptions<SessionPolicy> policy)
    {
        if (!ExternalUsers.IsValidId(userId))
        {
            return BadUserId();
        }

        var sessions = await Sessions(grains, userId).List();
        return TypedResults.Ok(SessionListResponse.From(sessions, currentSessionId: null, policy.Value.For(SessionClients.Default).MaxPerUser));
    }

    private static async Task<Results<Ok<RevokedResponse>, ProblemHttpResult>> RevokeAll(
        [FromRoute(Name = "user_id")] string userId, IGrainFactory grains)
    {
        if (!ExternalUsers.IsValidId(userId))
        {
            return BadUserId();
        }

        return TypedResults.Ok(new RevokedResponse(await Sessions(grains, userId).RevokeAll(null, RevocationReason.Service)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeOne(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "session_id")] string sessionId, IGrainFactory grains)
    {
        if (!ExternalUsers.IsValidId(userId))
        {
            return BadUserId();
        }

        var revoked = RefreshTokenFormat.IsUrlSafe(sessionId) && await Sessions(grains, userId).Revoke(sessionId, RevocationReason.Service);
        return revoked ? TypedResults.NoContent() : NotFound();
    }

    private static IUserSessionsGrain Sessions(IGrainFactory grains, string externalUserId) =>
        grains.UserSessions(ExternalUsers.GrainKey(externalUserId));

    private static ProblemHttpResult BadUserId() => ApiProblem.Of(
        ErrorCodes.ValidationFailed, $"user_id must be 1 to {ExternalUsers.MaxIdLength} characters of A-Z a-z 0-9 . _ : @ | -, and not . or .. (which no URL path can name).");

    private static ProblemHttpResult NotFound() => ApiProblem.Of(ErrorCodes.SessionNotFound, "This user has no active session with this id.");
}
