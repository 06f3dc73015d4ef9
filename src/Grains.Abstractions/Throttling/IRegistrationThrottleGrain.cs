namespace OrleansSessions.Abstractions.Throttling;

/// <summary>Registrations from one client network (key: an IPv4 address or an IPv6 /64) per hour, counted cluster-wide.</summary>
[Alias("os.IRegistrationThrottleGrain")]
public interface IRegistrationThrottleGrain : IGrainWithStringKey
{
    /// <summary>Counts a registration when it is allowed; a refused one is not counted.</summary>
    [Alias("Acquire")]
    Task<ThrottleDecision> Acquire();
}
