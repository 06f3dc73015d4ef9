namespace OrleansSessions.Api.Contracts;

public sealed record IntrospectionRequest(string? Token);
