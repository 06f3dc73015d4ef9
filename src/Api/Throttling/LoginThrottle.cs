using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSessions.Abstractions.Throttling;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.Problems;
using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Api.Throttling;

/// <summary>
/// Login throttling through the throttle grains, so the counts are exact across every Api node: attempts per client
/// address per minute, and failed password checks per account within the failure window.
/// </summary>
public sealed class LoginThrottle(IGrainFactory grains, SessionMetrics metrics)
{
    /// <summary>The decision that refuses this attempt, or null when it may go ahead (the attempt is then counted).</summary>
    private async Task<ThrottleDecision?> RefusalAsync(string clientAddress, string normalizedEmail)
    {
        var client = await grains.GetGrain<IClientThrottleGrain>(clientAddress).Acquire();
        var refusal = client.Allowed ? await Account(normalizedEmail).Check() : client;
        if (refusal.Allowed)
        {
            return null;
        }

        metrics.Throttled();
        return refusal;
    }

    /// <summary>The 429 for this attempt (with its rate-limit headers), or null when it may go ahead.</summary>
    public async Task<ProblemHttpResult?> RefuseAsync(HttpContext context, string normalizedEmail, string detail)
    {
        if (await RefusalAsync(context.ClientAddress(), normalizedEmail) is not { } refusal)
        {
            return null;
        }

        RateLimitHeaders.Apply(context.Response, refusal);
        return ApiProblem.Of(ErrorCodes.RateLimited, detail);
    }

    /// <summary>Counts a wrong password against the account; the 401 to answer, with the account's rate-limit headers.</summary>
    public async Task<ProblemHttpResult> WrongPasswordAsync(HttpContext context, string normalizedEmail, string detail)
    {
        metrics.LoginFailed();
        RateLimitHeaders.Apply(context.Response, await Account(normalizedEmail).RecordFailure());
        return ApiProblem.Of(ErrorCodes.InvalidCredentials, detail);
    }

    public Task ResetAsync(string normalizedEmail) => Account(normalizedEmail).Reset();

    private IAccountThrottleGrain Account(string normalizedEmail) => grains.GetGrain<IAccountThrottleGrain>(normalizedEmail);
}
