namespace OrleansSessions.Grains.Domain;

/// <summary>The stored roster: each user's roles, the accounts the bootstrap step has set up, and a change counter.</summary>
[GenerateSerializer, Alias("os.RoleRosterState")]
internal sealed class RoleRosterState : Sessions.IVersionedState
{
    [Id(0)]
    public Dictionary<string, HashSet<string>> Roles { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public HashSet<string> BootstrappedUserIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The roster's change counter (<see cref="RoleRoster"/>): the <see cref="UserRoles.Revision"/> of what it answers.</summary>
    [Id(2)]
    public long Revision { get; set; }

    /// <summary>Stamped on every write: tells a store that went back from another copy's write.</summary>
    [Id(3)]
    public long Version { get; set; }
}
