namespace OrleansSessions.Abstractions.Throttling;

/// <summary>Login attempts from one client network (key: an IPv4 address or an IPv6 /64) per minute, counted cluster-wide.</summary>
[Alias("os.IClientThrottleGrain")]
public interface IClientThrottleGrain : IGrainWithStringKey
{
    /// <summary>Counts an attempt when it is allowed; a refused attempt is not counted.</summary>
    [Alias("Acquire")]
    Task<ThrottleDecision> Acquire();
}
