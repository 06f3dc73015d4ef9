namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// The non-default settings: <c>RejectNew</c> with a limit of 3, a refresh grace window, a short idle timeout, a
/// fresh-authentication window of 2 minutes (with an admin to change roles).
/// </summary>
public sealed class AlternativeSettingsApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Sessions:MaxPerUser"] = "3",
        ["Sessions:LimitPolicy"] = "RejectNew",
        ["Sessions:RefreshReuseGrace"] = "00:00:30",
        ["Sessions:IdleTimeout"] = "00:05:00",
        ["Auth:FreshAuthWindow"] = "00:02:00",
        ["Auth:BootstrapAdmin:Email"] = AdminEmail,
        ["Auth:BootstrapAdmin:Password"] = AdminPassword,
    };

    public const string AdminEmail = "alt-root@example.com";
    public const string AdminPassword = "correct horse battery";
}
