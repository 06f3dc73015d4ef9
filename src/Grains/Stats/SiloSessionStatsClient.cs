using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace OrleansSessions.Stats;

/// <summary>Reaches the stats service of one named silo.</summary>
public sealed class SiloSessionStatsClient(IServiceProvider services) : GrainServiceClient<ISiloSessionStatsService>(services)
{
    public Task<SiloSessionStats> GetStats(SiloAddress silo) => GetGrainService(silo).GetStats();
}
