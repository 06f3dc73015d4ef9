namespace OrleansSessions.Abstractions.Stats;

/// <summary>
/// Sums the per-silo counters on demand. A stateless worker: any silo answers, nothing is counted centrally,
/// so no single grain is on the hot path of logins or revocations.
/// </summary>
[Alias("os.IClusterStatsGrain")]
public interface IClusterStatsGrain : IGrainWithIntegerKey
{
    [Alias("GetStats")]
    Task<ClusterSessionStats> GetStats();

    /// <summary>The same figures, under the name the Orleans dashboard's grain-state view calls (grain id 0).</summary>
    [Alias("GetState")]
    Task<ClusterSessionStats> GetState();
}
