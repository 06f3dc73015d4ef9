namespace OrleansSessions.IntegrationTests.Api;

/// <summary>A bootstrap admin of its own, so role changes here do not touch other tests' admins.</summary>
public sealed class RolesApiFactory : ApiFactory
{
    public const string AdminEmail = "root@example.com";
    public const string AdminPassword = "correct horse battery";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:BootstrapAdmin:Email"] = AdminEmail,
        ["Auth:BootstrapAdmin:Password"] = AdminPassword,
    };
}
