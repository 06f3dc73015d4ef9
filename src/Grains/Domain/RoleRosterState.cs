namespace OrleansSessions.Grains.Domain;

/// <summary>The stored roster: each user's roles, and the accounts the bootstrap step has set up.</summary>
[GenerateSerializer, Alias("os.RoleRosterState")]
internal sealed class RoleRosterState
{
    [Id(0)]
    public Dictionary<string, HashSet<string>> Roles { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public HashSet<string> BootstrappedUserIds { get; set; } = new(StringComparer.Ordinal);
}
