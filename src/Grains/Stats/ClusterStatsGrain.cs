using Orleans.Concurrency;

namespace OrleansSessions.Grains.Stats;

[StatelessWorker]
[GrainType("cluster-stats")]
internal sealed class ClusterStatsGrain(SiloSessionStatsClient silos) : Grain, IClusterStatsGrain
{
    public async Task<ClusterSessionStats> GetStats()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var perSilo = await Task.WhenAll(hosts.Keys.Select(silos.GetStats));
        return new ClusterSessionStats(perSilo.Sum(s => s.UsersOnline), perSilo.Sum(s => s.ActiveSessions), perSilo.OrderBy(s => s.Silo).ToList());
    }

    public Task<ClusterSessionStats> GetState() => GetStats();
}
