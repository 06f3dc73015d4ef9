namespace OrleansSessions.Api.Contracts;

public sealed record ReauthenticateRequest(string? Password);
