using Orleans.Services;

namespace OrleansSessions.Abstractions.Stats;

/// <summary>A grain service on every silo that reads that silo's own session counters.</summary>
[Alias("os.ISiloSessionStatsService")]
public interface ISiloSessionStatsService : IGrainService
{
    [Alias("GetStats")]
    Task<SiloSessionStats> GetStats();
}
