using System.Diagnostics;

namespace OrleansSessions.Testing.Processes;

/// <summary>
/// A real Redis Cluster of three primaries (no replicas), made as an operator makes one: three
/// <c>redis-server --cluster-enabled yes</c> processes joined by <c>redis-cli --cluster create</c>, each owning a third
/// of the 16,384 slots. Stopped and removed when disposed.
/// </summary>
public sealed class RedisClusterDeployment : IAsyncDisposable
{
    private RedisClusterDeployment(IReadOnlyList<RedisNode> nodes) => Nodes = nodes;

    public IReadOnlyList<RedisNode> Nodes { get; }

    /// <summary>Every node, as <c>ConnectionStrings__Redis</c> names a Redis Cluster.</summary>
    public string ConnectionString => string.Join(',', Nodes.Select(n => n.EndPoint)) + ",abortConnect=false";

    public static async Task<RedisClusterDeployment> StartAsync(int primaries = 3)
    {
        var nodes = new List<RedisNode>();
        var deployment = new RedisClusterDeployment(nodes);
        try
        {
            for (var i = 0; i < primaries; i++)
            {
                // The cluster bus port is chosen too (by default it is the port + 10000, which may be taken or out of range).
                nodes.Add(await RedisNode.StartServerAsync($"redis-cluster-{i + 1}",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                    "--cluster-port", FreePort.Next().ToString()));
            }

            await CreateAsync(nodes);
            await WaitUntilStateOkAsync(nodes);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>The keys each node holds (its own slots only), by node.</summary>
    public async Task<IReadOnlyDictionary<RedisNode, IReadOnlyList<string>>> KeysByNodeAsync()
    {
        var result = new Dictionary<RedisNode, IReadOnlyList<string>>();
        foreach (var node in Nodes)
        {
            await using var connection = await node.ConnectDirectAsync();
            var keys = new List<string>();
            await foreach (var key in connection.GetServer(node.EndPoint).KeysAsync(pattern: "*"))
            {
                keys.Add(key.ToString());
            }

            result[node] = keys;
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static async Task CreateAsync(IReadOnlyList<RedisNode> nodes)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var node in nodes)
        {
            start.ArgumentList.Add(node.EndPoint);
        }

        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add("--cluster-yes");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    private static async Task WaitUntilStateOkAsync(IReadOnlyList<RedisNode> nodes)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var node in nodes)
        {
            while (true)
            {
                var info = (string)(await node.ExecuteAsync("CLUSTER", "INFO"))!;
                if (info.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    break;
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"{node.Name} never reached cluster_state:ok:\n{info}");
                }

                await Task.Delay(200);
            }
        }
    }
}
