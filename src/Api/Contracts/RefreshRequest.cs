namespace OrleansSessions.Api.Contracts;

public sealed record RefreshRequest(string? RefreshToken);
