namespace OrleansSessions.Abstractions.Accounts;

/// <summary>What an operator may see of an account: never the password hash.</summary>
[GenerateSerializer, Immutable, Alias("os.AccountProfile")]
public sealed record AccountProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] DateTimeOffset CreatedAt);
