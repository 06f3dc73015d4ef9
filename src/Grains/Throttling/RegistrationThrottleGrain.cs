using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Throttling;

/// <summary>Registrations from one client network per hour, in memory, exact cluster-wide.</summary>
[GrainType("registration-throttle")]
internal sealed class RegistrationThrottleGrain(
    IOptions<ThrottlingPolicy> policy,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time)
    : SlidingWindowThrottleGrain(policy.Value.MaxRegistrationsPerIpPerHour, TimeSpan.FromHours(1), time), IRegistrationThrottleGrain;
