namespace OrleansSessions.Api.Contracts;

public sealed record SessionListResponse(IReadOnlyList<SessionDto> Sessions, int Count, int MaxSessions);
