using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Primitives;
using OrleansSessions.Api.Endpoints;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Cookies;

/// <summary>
/// A state-changing request authenticated by cookie must carry the session's <c>X-CSRF-Token</c> (403 <c>csrf_failed</c>),
/// where the endpoint acts for the signed-in session (it requires authorization). Endpoints open to anyone (sign-in,
/// registration; refresh checks the header itself; the API-key endpoints) do not act for the cookie's session, so a
/// browser still holding one can sign in again without it.
/// </summary>
public static class CsrfProtection
{
    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (RequiresCheck(context)
            && !context.RequestServices.GetRequiredService<CsrfTokens>().IsValid(context.User.SessionIdOf(), context.Request.Headers[CsrfTokens.Header]))
        {
            await ApiProblem.WriteAsync(context, ErrorCodes.CsrfFailed, $"Requests authenticated by cookie must send the {CsrfTokens.Header} header given at login.");
            return;
        }

        await next(context);
    });

    /// <summary>The header in which Traefik's ForwardAuth (and NGINX, as docs/gateways configures it) names the original method.</summary>
    public const string ForwardedMethodHeader = "X-Forwarded-Method";

    private static bool RequiresCheck(HttpContext context) =>
        TokenCookies.AuthenticatedByCookie(context)
        && context.User.Identity?.IsAuthenticated == true
        && context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null
        && (ChangesState(context.Request.Method) || ForwardedMethods(context).Any(ChangesState));

    /// <summary>
    /// A forward-auth check (<c>/auth/check</c>) asked by a gateway stands for the original request, whose method the
    /// gateway names: a state change by cookie needs the anti-CSRF header there as at the Api. The header can only add
    /// the check, never lift it: a client that sends it itself asks for a check, not for less of one, and a repeated
    /// header asks for it when any of its values is a state change.
    /// </summary>
    private static StringValues ForwardedMethods(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ForwardAuthEndpoints.Path)
            ? context.Request.Headers[ForwardedMethodHeader]
            : StringValues.Empty;

    private static bool ChangesState(string? method) =>
        !string.IsNullOrEmpty(method) && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);
}
