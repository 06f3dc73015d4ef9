namespace OrleansSessions.Abstractions.Roles;

/// <summary>
/// A user's roles as the role directory held them at <paramref name="Revision"/>, the roster's change counter: of two
/// readings of the same user's roles, the one with the higher revision is the later.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.UserRoles")]
public sealed record UserRoles(
    [property: Id(0)] IReadOnlyList<string> Names,
    [property: Id(1)] long Revision);
