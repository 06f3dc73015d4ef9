namespace OrleansSessions.Api.Contracts;

public sealed record MeResponse(string UserId, string Email, string SessionId);
