namespace OrleansSessions.Grains.Accounts;

[GenerateSerializer, Alias("os.AccountState")]
internal sealed class AccountState : Sessions.IVersionedState
{
    [Id(0)]
    public string UserId { get; set; } = string.Empty;

    [Id(1)]
    public string PasswordHash { get; set; } = string.Empty;

    [Id(2)]
    public string? DisplayName { get; set; }

    [Id(3)]
    public List<string> Roles { get; set; } = [];

    [Id(4)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>One more at each password change (0 for accounts stored before it existed); not at a re-hash.</summary>
    [Id(5)]
    public int PasswordVersion { get; set; }

    /// <summary>Set with a changed password until the older password's sessions are known to be ended.</summary>
    [Id(6)]
    public PendingRevocation? RevocationDue { get; set; }

    /// <summary>Stamped on every write: tells a store that went back from another copy's write.</summary>
    [Id(7)]
    public long Version { get; set; }
}
