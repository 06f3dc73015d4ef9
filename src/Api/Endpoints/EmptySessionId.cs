using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.Endpoints;

/// <summary>
/// <c>DELETE …/sessions/</c> is a single revoke with an empty session id (a client that built <c>…/sessions/{id}</c>
/// from an empty id), but routing ignores the trailing slash and would match the bulk revoke, ending every session. The
/// bulk revokes answer it as the unknown session it names: 404 <c>session_not_found</c>, nothing revoked.
/// </summary>
public static class EmptySessionId
{
    public static RouteHandlerBuilder RefusesEmptySessionId(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) => context.HttpContext.Request.Path.Value?.EndsWith('/') == true
            ? ApiProblem.Of(ErrorCodes.SessionNotFound, "The path names no session id (it ends with '/'); nothing was revoked.")
            : await next(context));
}
