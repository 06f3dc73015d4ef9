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

    public async Task InitializeAsync() => Cluster = await LocalCluster.StartAsync(silos: 2, apis: 2, new Dictionary<string, string>
    {
        ["Dashboard__Username"] = OperatorName,
        ["Dashboard__Password"] = OperatorPassword,
        // The dashboard test sends dozens of wrong sign-ins from one address; the limit on them has tests of its own.
        ["Dashboard__MaxFailedSignIns"] = "1000",
        ["Auth__BootstrapAdmin__Email"] = AdminEmail,
        ["Auth__BootstrapAdmin__Password"] = AdminPassword,
        ["Auth__ServiceKeys"] = ServiceKey,
    });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
