using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Grains.Throttling;

/// <summary>
/// Password-check throttling through the throttle grains, so the counts are exact across the cluster: attempts
/// per client address per minute, and failed password checks per account within the failure window.
/// </summary>
internal sealed class LoginThrottle(IGrainFactory grains, SessionMetrics metrics)
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

    /// <summary>Counts a wrong password against the account; the figures for the answer's rate-limit headers.</summary>
    public Task<ThrottleDecision> WrongPasswordAsync(string normalizedEmail)
    {
        metrics.LoginFailed();
        return Account(normalizedEmail).RecordFailure();
    }

    public Task ResetAsync(string normalizedEmail) => Account(normalizedEmail).Reset();

    private IAccountThrottleGrain Account(string normalizedEmail) => grains.GetGrain<IAccountThrottleGrain>(normalizedEmail);
}
