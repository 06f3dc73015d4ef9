namespace OrleansSessions.Abstractions.Stats;

/// <summary>What one silo holds now: users whose grain is active with at least one session, and their sessions.</summary>
[GenerateSerializer, Immutable, Alias("os.SiloSessionStats")]
public sealed record SiloSessionStats(
    [property: Id(0)] string Silo,
    [property: Id(1)] long UsersOnline,
    [property: Id(2)] long ActiveSessions);
