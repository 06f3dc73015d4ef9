namespace OrleansSessions.Api.Contracts;

public sealed record RegisterResponse(string UserId, string Email);
