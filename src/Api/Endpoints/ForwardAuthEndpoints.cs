using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Endpoints;

/// <summary>
/// Forward authentication for gateways (NGINX <c>auth_request</c>, Traefik ForwardAuth, Envoy ext_authz): the gateway
/// sends the original request's headers here; 200 with the identity headers lets the request through, 401 stops it.
/// The token (bearer header or cookie) and its session are checked exactly as for <c>/auth/me</c>, no other call.
/// </summary>
public static class ForwardAuthEndpoints
{
    public const string Path = "/auth/check";
    public const string UserIdHeader = "X-User-Id";
    public const string SessionIdHeader = "X-Session-Id";
    public const string ClientHeader = "X-Client";
    public const string AuthTimeHeader = "X-Auth-Time";
    public const string AuthMethodHeader = "X-Auth-Method";

    public static IEndpointRouteBuilder MapForwardAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], Check)
            .RequireAuthorization()
            .AnswersWithHeaders(
                StatusCodes.Status200OK,
                (UserIdHeader, "The user id (the token's sub)."),
                (SessionIdHeader, "The session id (the token's sid)."),
                (ClientHeader, $"The session's client (the token's client claim), '{SessionClients.Default}' when it names none."),
                (AuthTimeHeader, "When the user last proved who they are for this session (auth_time, Unix seconds)."),
                (AuthMethodHeader, "The token's amr: 'pwd' for a password user, 'ext' for a user a backend signed in (the two kinds of ids are separate spaces)."))
            .WithTags("Other services")
            .WithSummary("Forward-auth check for gateways: 200 with identity headers, or 401.")
            .WithDescription(
                "For NGINX `auth_request`, Traefik ForwardAuth and Envoy ext_authz. Reads the bearer token or the cookie like any "
                + "authenticated call and answers 200 with no body and the headers `X-User-Id`, `X-Session-Id`, `X-Client` (the "
                + "session's client, `default` when the token names none) and `X-Auth-Time` (Unix seconds of the last proof of "
                + "identity) and `X-Auth-Method` (`pwd` or `ext`, the token's `amr`: password users' and backends' user ids are separate "
                + "spaces), for the gateway to pass upstream; or 401. A revoked session is refused as soon as the revoke returns. "
                + "It costs what `GET /auth/me` costs. Envoy's HTTP ext_authz, which keeps the original method and appends the "
                + "original path, is answered the same at `/auth/check/{path}` with any method. A state change by cookie (the "
                + "check's own method, or the original one a gateway names in `X-Forwarded-Method`) needs `X-CSRF-Token` as it "
                + "would at the app: 403 `csrf_failed` otherwise.");

        // Envoy's HTTP ext_authz sends the original method and appends the original path to its path_prefix, so
        // "POST /auth/check/orders/42" is the same check. A state change authenticated by cookie still needs the
        // anti-CSRF header (CsrfProtection): the gateway then guards the app as the Api guards itself.
        routes.Map($"{Path}/{{**original}}", Check).RequireAuthorization().ExcludeFromDescription();
        routes.MapMethods(Path, [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], Check)
            .RequireAuthorization().ExcludeFromDescription();
        return routes;
    }

    private static Ok Check(ClaimsPrincipal user, HttpContext context)
    {
        var headers = context.Response.Headers;
        headers[UserIdHeader] = user.UserId();
        headers[SessionIdHeader] = user.SessionIdOf();
        headers[ClientHeader] = user.ClientOf();
        headers[AuthMethodHeader] = user.AuthMethodOf();
        if (user.FindFirstValue(SessionClaims.AuthTime) is { Length: > 0 } authTime)
        {
            headers[AuthTimeHeader] = authTime;
        }

        return TypedResults.Ok();
    }
}
