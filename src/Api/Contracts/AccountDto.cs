namespace OrleansSessions.Api.Contracts;

/// <summary>An account as an operator sees it.</summary>
public sealed record AccountDto(string UserId, string Email, string? DisplayName, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);
