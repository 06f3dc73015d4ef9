namespace OrleansSessions.Api.Contracts;

public sealed record SessionStatsResponse(int ActiveSessions, int MaxSessions);
