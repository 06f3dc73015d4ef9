namespace OrleansSessions.Abstractions.Stats;

/// <summary>The cluster-wide operator view: the per-silo figures and their sums.</summary>
[GenerateSerializer, Immutable, Alias("os.ClusterSessionStats")]
public sealed record ClusterSessionStats(
    [property: Id(0)] long UsersOnline,
    [property: Id(1)] long ActiveSessions,
    [property: Id(2)] IReadOnlyList<SiloSessionStats> Silos);
