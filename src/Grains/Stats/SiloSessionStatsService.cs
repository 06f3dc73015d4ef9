using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace OrleansSessions.Grains.Stats;

[Reentrant]
internal sealed class SiloSessionStatsService(GrainId id, Silo silo, ILoggerFactory loggerFactory, LocalSessionGauge gauge, ILocalSiloDetails local)
    : GrainService(id, silo, loggerFactory), ISiloSessionStatsService
{
    public Task<SiloSessionStats> GetStats() =>
        Task.FromResult(new SiloSessionStats(local.SiloAddress.ToParsableString(), gauge.UsersOnline, gauge.ActiveSessions));
}
