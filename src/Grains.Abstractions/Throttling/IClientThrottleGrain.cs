namespace OrleansSessions.Abstractions.Throttling;

/// <summary>Login attempts from one client address (key: the address) per minute, counted cluster-wide.</summary>
[Alias("os.IClientThrottleGrain")]
public interface IClientThrottleGrain : IGrainWithStringKey
{
    /// <summary>Counts an attempt when it is allowed; a refused attempt is not counted.</summary>
    [Alias("Acquire")]
    Task<ThrottleDecision> Acquire();
}
