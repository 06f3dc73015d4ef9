namespace OrleansSessions.Api.Contracts;

public sealed record RevokedResponse(int SessionsRevoked);
