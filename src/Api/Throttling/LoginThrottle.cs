using OrleansSessions.Telemetry;
using OrleansSessions.Throttling;

namespace OrleansSessions.Api.Throttling;

/// <summary>
/// Login throttling through the throttle grains, so the counts are exact across every Api node: attempts per client
/// address per minute, and failed password checks per account within the failure window.
/// </summary>
public sealed class LoginThrottle(IGrainFactory grains, SessionMetrics metrics)
{
    /// <summary>The decision that refuses this attempt, or null when it may go ahead (the attempt is then counted).</summary>
    public async Task<ThrottleDecision?> RefusalAsync(string clientAddress, string normalizedEmail)
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

    public Task<ThrottleDecision> RecordFailureAsync(string normalizedEmail)
    {
        metrics.LoginFailed();
        return Account(normalizedEmail).RecordFailure();
    }

    public Task ResetAsync(string normalizedEmail) => Account(normalizedEmail).Reset();

    private IAccountThrottleGrain Account(string normalizedEmail) => grains.GetGrain<IAccountThrottleGrain>(normalizedEmail);
}
