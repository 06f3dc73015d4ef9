using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// Headers on every answer of an Api node or a silo that keep the pages in their own hands: a Content-Security-Policy
/// without inline script (an injected script cannot run, so it cannot read the CSRF cookie or call the Api with the
/// page's cookies), <c>frame-ancestors 'none'</c> with <c>X-Frame-Options: DENY</c> (no clickjacking), <c>nosniff</c>,
/// and <c>Referrer-Policy: no-referrer</c> (no address of these pages, with whatever a query string holds, goes to
/// another site).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The web pages (<c>/</c>, <c>/admin.html</c>) and everything else: own files only, no inline code.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'";

    /// <summary>The Orleans dashboard: its own scripts only; its components set inline styles and embed fonts as data.</summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <param name="app">The host's pipeline.</param>
    /// <param name="policyFor">The Content-Security-Policy of an answer, chosen when it starts; <see cref="PolicyFor"/> by default.</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, Func<HttpContext, string>? policyFor = null)
    {
        policyFor ??= PolicyFor;
        return app.Use((context, next) =>
        {
            // At the start of the answer, so problems written by the exception handler (which clears headers) get them
            // too, and a page that chooses a nonce per request has chosen it by then.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = policyFor(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    /// <summary>The dashboard's policy under <see cref="OperatorEndpoints.DashboardPath"/>, the pages' everywhere else.</summary>
    public static string PolicyFor(HttpContext context) =>
        context.Request.Path.StartsWithSegments(OperatorEndpoints.DashboardPath) ? DashboardPolicy : PagePolicy;
}
