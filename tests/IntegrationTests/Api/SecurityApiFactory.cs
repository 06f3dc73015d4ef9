namespace OrleansSessions.IntegrationTests.Api;

/// <summary>An admin email and two introspection keys configured.</summary>
public sealed class SecurityApiFactory : ApiFactory
{
    public const string AdminEmail = "boss@example.com";
    public const string IntrospectionKey = "resource-server-key-1";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:AdminEmails"] = $"ops@example.com, {AdminEmail.ToUpperInvariant()}",
        ["Auth:IntrospectionKeys"] = $"{IntrospectionKey},resource-server-key-2",
    };
}
