using Orleans.Runtime.Services;

namespace OrleansSessions.Grains.Stats;

/// <summary>Reaches the stats service of one named silo.</summary>
internal sealed class SiloSessionStatsClient(IServiceProvider services) : GrainServiceClient<ISiloSessionStatsService>(services)
{
    public Task<SiloSessionStats> GetStats(SiloAddress silo) => GetGrainService(silo).GetStats();
}
