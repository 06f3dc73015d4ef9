using Scalar.AspNetCore;

namespace OrleansSessions.Api.Hosting;

/// <summary>
/// Headers on every answer that keep the pages in their own hands: a Content-Security-Policy without inline script (an
/// injected script cannot run, so it cannot read the CSRF cookie or call the Api with the page's cookies),
/// <c>frame-ancestors 'none'</c> with <c>X-Frame-Options: DENY</c> (no clickjacking), and <c>nosniff</c>.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The web pages (<c>/</c>, <c>/admin.html</c>) and everything else: own files only, no inline code.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'";

    /// <summary>The embedded Orleans dashboard: its own scripts only; its components set inline styles and embed fonts as data.</summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar): its one inline script, the start-up call, carries a fresh nonce on every request
    /// (<c>WithNonce()</c>), and its components set inline styles (style injection cannot run script); everything else
    /// comes from this origin.
    /// </summary>
    public static string DocsPolicy(string? nonce) =>
        $"default-src 'self'; script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; style-src 'self' 'unsafe-inline'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string DocsPath = "/docs";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // At the start of the answer, so problems written by the exception handler (which clears headers) get them too,
        // and Scalar has chosen its nonce by then.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = PolicyFor(context);
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static string PolicyFor(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(DocsPath))
        {
            return DocsPolicy(context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null);
        }

        return path.StartsWithSegments("/dashboard") ? DashboardPolicy : PagePolicy;
    }
}
