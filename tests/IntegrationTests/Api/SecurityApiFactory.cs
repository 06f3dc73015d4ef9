namespace OrleansSessions.IntegrationTests.Api;

/// <summary>A bootstrap admin and two introspection keys configured.</summary>
public sealed class SecurityApiFactory : ApiFactory
{
    public const string AdminEmail = "boss@example.com";
    public const string AdminPassword = "correct horse battery";
    public const string IntrospectionKey = "resource-server-key-1";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:BootstrapAdmin:Email"] = AdminEmail.ToUpperInvariant(),
        ["Auth:BootstrapAdmin:Password"] = AdminPassword,
        ["Auth:IntrospectionKeys"] = $"{IntrospectionKey},resource-server-key-2",
    };
}
