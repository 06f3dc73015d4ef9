namespace OrleansSessions.Api.Contracts;

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName = null);
