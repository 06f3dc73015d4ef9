using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// How durable an acknowledged change is, bound from the <c>Redis</c> section. With a replica (Sentinel) Redis
/// replicates asynchronously: a primary that dies right after a write may take the write with it. With
/// <see cref="WaitForReplicas"/> set, every grain-state write and delete waits (Redis <c>WAIT</c>) until that many
/// replicas have it before the call returns, so a login answered 200 survives a failover; a write that is not
/// replicated within <see cref="WaitTimeout"/> fails (503 <c>store_unavailable</c>).
/// </summary>
public sealed class RedisReplicationSettings
{
    public const string Section = "Redis";

    /// <summary>Replicas that must have a write before it is acknowledged; 0 (the default) does not wait.</summary>
    [Range(0, 16)]
    public int WaitForReplicas { get; set; }

    /// <summary>How long a write waits for its replicas before it is reported failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
