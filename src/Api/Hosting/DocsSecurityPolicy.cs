using OrleansSessions.Grains.Operators;
using Scalar.AspNetCore;

namespace OrleansSessions.Api.Hosting;

/// <summary>The Api node's Content-Security-Policy per answer: <see cref="SecurityHeaders"/>' policies, and the API reference's own.</summary>
public static class DocsSecurityPolicy
{
    public const string DocsPath = "/docs";

    /// <summary>
    /// The API reference (Scalar): its one inline script, the start-up call, carries a fresh nonce on every request
    /// (<c>WithNonce()</c>), and its components set inline styles (style injection cannot run script); everything else
    /// comes from this origin.
    /// </summary>
    public static string DocsPolicy(string? nonce) =>
        $"default-src 'self'; script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; style-src 'self' 'unsafe-inline'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static string PolicyFor(HttpContext context) =>
        context.Request.Path.StartsWithSegments(DocsPath)
            ? DocsPolicy(context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null)
            : SecurityHeaders.PolicyFor(context);
}
