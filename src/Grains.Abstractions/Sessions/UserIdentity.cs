using OrleansSessions.Abstractions.Roles;

namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// Who the user is, as access tokens state it; kept by the user's grain so refreshes need no account lookup. A user a
/// backend signed in through the service API has <see cref="ExternalUserId"/> (the id the backend gave, the tokens'
/// <c>sub</c>), no email (empty) and no roles.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.UserIdentity")]
public sealed record UserIdentity(
    [property: Id(0)] string Email,
    [property: Id(1)] IReadOnlyList<string> Roles,
    [property: Id(30)] string? ExternalUserId = null)
{
    public bool IsExternal => ExternalUserId is not null;

    /// <summary>The role roster's revision <see cref="Roles"/> were read at (<see cref="UserRoles"/>); 0 for none.</summary>
    [Id(2)]
    public long RolesRevision { get; init; }

    /// <summary>The identity of a password user with the roles <paramref name="roles"/>.</summary>
    public static UserIdentity Password(string email, UserRoles roles) => new(email, roles.Names) { RolesRevision = roles.Revision };

    /// <summary>The identity of the external user <paramref name="externalUserId"/>.</summary>
    public static UserIdentity External(string externalUserId) => new(string.Empty, [], externalUserId);
}
