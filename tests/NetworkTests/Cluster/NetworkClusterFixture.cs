using OrleansSessions.NetworkTests.Network;

namespace OrleansSessions.NetworkTests.Cluster;

/// <summary>
/// One <see cref="NetworkCluster"/> for the network tests (starting five .NET processes is the slow part), or the
/// reason this machine cannot build a test network, in which case the tests skip with it.
/// </summary>
public sealed class NetworkClusterFixture : IAsyncLifetime
{
    public string? SkipReason { get; private set; }

    public NetworkCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        SkipReason = TestNetwork.Unsupported();
        if (SkipReason is null)
        {
            Cluster = await NetworkCluster.StartAsync();
        }
    }

    /// <summary>Every silo running again (a test may have left one stopped by itself), before the next test's faults.</summary>
    public async Task<IReadOnlyList<HttpClient>> ReadyAsync()
    {
        Skip.If(SkipReason is not null, $"Skipped: no test network on this machine ({SkipReason}).");
        for (var i = 0; i < Cluster.Silos.Length; i++)
        {
            if (Cluster.Silos[i].HasExited)
            {
                await Cluster.RestartSiloAsync(i);
            }
        }

        return Enumerable.Range(0, Cluster.Apis.Count).Select(Cluster.ApiClient).ToList();
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is null && Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
