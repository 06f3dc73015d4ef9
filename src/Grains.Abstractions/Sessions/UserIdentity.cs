namespace OrleansSessions.Abstractions.Sessions;

/// <summary>Who the user is, as access tokens state it; kept by the user's grain so refreshes need no account lookup.</summary>
[GenerateSerializer, Immutable, Alias("os.UserIdentity")]
public sealed record UserIdentity(
    [property: Id(0)] string Email,
    [property: Id(1)] IReadOnlyList<string> Roles);
