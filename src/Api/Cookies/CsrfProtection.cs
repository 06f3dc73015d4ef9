using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Cookies;

/// <summary>A state-changing request authenticated by cookie must carry the session's <c>X-CSRF-Token</c> (403 <c>csrf_failed</c>).</summary>
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

    private static bool RequiresCheck(HttpContext context) =>
        TokenCookies.AuthenticatedByCookie(context)
        && context.User.Identity?.IsAuthenticated == true
        && !HttpMethods.IsGet(context.Request.Method)
        && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method);
}
