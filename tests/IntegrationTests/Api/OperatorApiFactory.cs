namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Production with the operator sign-in configured, and a bootstrap admin for the operator page.</summary>
public sealed class OperatorApiFactory : ApiFactory
{
    public const string OperatorName = "operator";
    public const string OperatorPassword = "dashboard-secret-1";
    public const string AdminEmail = "ops@example.com";
    public const string AdminPassword = "correct horse battery";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Dashboard:Username"] = OperatorName,
        ["Dashboard:Password"] = OperatorPassword,
        ["Auth:BootstrapAdmin:Email"] = AdminEmail,
        ["Auth:BootstrapAdmin:Password"] = AdminPassword,
    };
}
