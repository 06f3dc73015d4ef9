namespace OrleansSessions.Api.Contracts;

public sealed record SiloStatsDto(string Silo, long ActiveSessions, long UsersOnline);
