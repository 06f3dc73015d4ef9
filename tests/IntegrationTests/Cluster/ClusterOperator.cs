using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// An Orleans client of a <see cref="LocalCluster"/>, for what only the runtime can tell: how many activations of a
/// grain type the silos hold, and a silo's live managed heap after a forced full collection.
/// </summary>
public sealed class ClusterOperator : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterOperator(IHost host) => _host = host;

    private IManagementGrain Management => _host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

    public static async Task<ClusterOperator> ConnectAsync(LocalCluster cluster)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ClusterId));
            client.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Parse(cluster.Redis.ConnectionString));
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterOperator(host);
    }

    /// <summary>Activations, over every silo, of the grain classes whose name contains <paramref name="grainClass"/>.</summary>
    public async Task<int> ActivationsAsync(string grainClass) =>
        (await Management.GetSimpleGrainStatistics())
        .Where(s => s.GrainType.Contains(grainClass, StringComparison.Ordinal))
        .Sum(s => s.ActivationCount);

    /// <summary>
    /// The silos' live managed heap, summed: a full collection is forced on every silo, then the runtime meter on
    /// each silo's <c>/metrics</c> gives what it left (all generations, less fragmentation).
    /// </summary>
    public async Task<long> LiveHeapBytesAsync(LocalCluster cluster)
    {
        await Management.ForceGarbageCollection([.. (await Management.GetHosts(onlyActive: true)).Keys]);
        var total = 0L;
        foreach (var silo in cluster.Silos)
        {
            using var http = cluster.OperatorClient(silo); // /metrics needs the operator sign-in outside Development
            var metrics = await http.GetStringAsync("/metrics");
            total += (long)(Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes{") - Sum(metrics, "dotnet_gc_last_collection_heap_fragmentation_size_bytes{"));
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static double Sum(string metrics, string prefix) => metrics.Split('\n')
        .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
