using System.Globalization;
using OrleansSessions.Abstractions.Throttling;

namespace OrleansSessions.Api.Throttling;

/// <summary><c>X-RateLimit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c> (seconds until the window frees up) and, when refused, <c>Retry-After</c>.</summary>
public static class RateLimitHeaders
{
    public static void Apply(HttpResponse response, ThrottleDecision decision)
    {
        var reset = Math.Max(1, (long)Math.Ceiling(decision.ResetAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = reset;
        if (!decision.Allowed)
        {
            response.Headers.RetryAfter = reset;
        }
    }
}
