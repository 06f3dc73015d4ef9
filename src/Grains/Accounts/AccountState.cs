namespace OrleansSessions.Grains.Accounts;

[GenerateSerializer, Alias("os.AccountState")]
internal sealed class AccountState
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
}
