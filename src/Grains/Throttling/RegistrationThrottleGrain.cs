using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Throttling;

/// <summary>Registrations from one client network per hour, in memory, exact cluster-wide.</summary>
[GrainType("registration-throttle")]
internal sealed class RegistrationThrottleGrain(
    IOptions<ThrottlingPolicy> policy,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time) : Grain, IRegistrationThrottleGrain
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly AttemptWindow _registrations = new(policy.Value.MaxRegistrationsPerIpPerHour, Hour);

    public Task<ThrottleDecision> Acquire()
    {
        DelayDeactivation(Hour);
        return Task.FromResult(_registrations.TryAcquire(time.GetUtcNow()));
    }
}
