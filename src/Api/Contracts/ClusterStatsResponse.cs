using OrleansSessions.Abstractions.Stats;

namespace OrleansSessions.Api.Contracts;

public sealed record ClusterStatsResponse(long ActiveSessions, long UsersOnline, IReadOnlyList<SiloStatsDto> Silos)
{
    public static ClusterStatsResponse From(ClusterSessionStats stats) =>
        new(stats.ActiveSessions, stats.UsersOnline, stats.Silos.Select(s => new SiloStatsDto(s.Silo, s.ActiveSessions, s.UsersOnline)).ToList());
}
