using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Grains.Throttling;

/// <summary>Registrations per client network per hour, counted by the registration throttle grains cluster-wide.</summary>
internal sealed class RegistrationThrottle(IGrainFactory grains, SessionMetrics metrics)
{
    /// <summary>Counts one registration from this client when it is allowed; the figures for the rate-limit headers.</summary>
    public async Task<ThrottleDecision> AcquireAsync(string clientAddress)
    {
        var decision = await grains.GetGrain<IRegistrationThrottleGrain>(ClientNetwork.Of(clientAddress)).Acquire();
        if (!decision.Allowed)
        {
            metrics.RegistrationThrottled();
        }

        return decision;
    }
}
