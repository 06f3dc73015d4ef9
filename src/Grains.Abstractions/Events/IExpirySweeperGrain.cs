namespace OrleansSessions.Abstractions.Events;

/// <summary>
/// Sweeps one shard of the expiry index (key: the shard): wakes the grains of users whose sessions expire, or whose
/// events are undelivered, while nobody calls them. One activation in the cluster per shard; a reminder brings it back
/// after a crash, and each silo starts it when it starts.
/// </summary>
[Alias("os.IExpirySweeperGrain")]
public interface IExpirySweeperGrain : IGrainWithIntegerKey
{
    /// <summary>Activates the sweeper (it then runs by itself); harmless when it already runs.</summary>
    [Alias("Start")]
    Task Start();
}
