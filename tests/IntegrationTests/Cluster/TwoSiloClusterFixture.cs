using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>Redis, two silo processes and two Api processes.</summary>
public sealed class TwoSiloClusterFixture : IAsyncLifetime
{
    public LocalCluster Cluster { get; private set; } = null!;

    public const string OperatorName = OperatorApiFactory.OperatorName;
    public const string OperatorPassword = OperatorApiFactory.OperatorPassword;
    public const string AdminEmail = "ops@example.com";
    public const string AdminPassword = "correct horse battery";
    public const string ServiceKey = "cluster-service-key-4Tz8";

    /// <summary>Different wrong operator sign-ins a node takes from one network (the dashboard test sends some 20).</summary>
    public const int MaxFailedOperatorSignIns = 40;

    public async Task InitializeAsync() => Cluster = await LocalCluster.StartAsync(silos: 2, apis: 2, new Dictionary<string, string>
    {
        ["Dashboard__Username"] = OperatorName,
        ["Dashboard__Password"] = OperatorPassword,
        ["Dashboard__MaxFailedSignIns"] = MaxFailedOperatorSignIns.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ForwardedHeaders__TrustedProxies"] = "127.0.0.1", // the tests play the proxy: their X-Forwarded-For is believed
        ["Auth__BootstrapAdmin__Email"] = AdminEmail,
        ["Auth__BootstrapAdmin__Password"] = AdminPassword,
        ["Auth__ServiceKeys"] = ServiceKey,
    });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
