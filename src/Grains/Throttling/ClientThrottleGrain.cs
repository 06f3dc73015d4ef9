using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Throttling;

/// <summary>Login attempts from one client address per minute, in memory, exact cluster-wide.</summary>
[GrainType("client-throttle")]
internal sealed class ClientThrottleGrain(
    IOptions<ThrottlingPolicy> policy,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time)
    : SlidingWindowThrottleGrain(policy.Value.MaxLoginsPerIpPerMinute, TimeSpan.FromMinutes(1), time), IClientThrottleGrain;
