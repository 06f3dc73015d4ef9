using System.Diagnostics;
using StackExchange.Redis;

namespace OrleansSessions.Testing.Processes;

/// <summary>
/// Redis with replicas and three Sentinels (quorum 2), as operators run it for failover: a primary, replicas of it,
/// and three <c>redis-sentinel</c> processes watching the primary under <see cref="ServiceName"/>, with a short
/// <c>down-after-milliseconds</c> so a test sees a failover within seconds. Stopped and removed when disposed.
/// </summary>
public sealed class RedisSentinelDeployment : IAsyncDisposable
{
    public const string ServiceName = "mymaster";

    private readonly List<RedisNode> _all = [];

    private RedisSentinelDeployment()
    {
    }

    public RedisNode Primary { get; private set; } = null!;

    public IReadOnlyList<RedisNode> Replicas { get; private set; } = [];

    public IReadOnlyList<RedisNode> Sentinels { get; private set; } = [];

    /// <summary>The sentinels and the service name, as <c>ConnectionStrings__Redis</c> names a Sentinel deployment.</summary>
    public string ConnectionString =>
        string.Join(',', Sentinels.Select(s => s.EndPoint)) + $",serviceName={ServiceName},abortConnect=false";

    public static async Task<RedisSentinelDeployment> StartAsync(TimeSpan downAfter, int replicas = 1)
    {
        var deployment = new RedisSentinelDeployment();
        try
        {
            deployment.Primary = await deployment.KeepAsync(RedisNode.StartServerAsync("redis-primary"));
            var started = new List<RedisNode>();
            for (var i = 0; i < replicas; i++)
            {
                var replica = await deployment.KeepAsync(
                    RedisNode.StartServerAsync($"redis-replica-{i + 1}", "--replicaof", "127.0.0.1", deployment.Primary.Port.ToString()));
                await WaitUntilAsync(async () => ((string)(await replica.ExecuteAsync("INFO", "replication"))!).Contains("master_link_status:up", StringComparison.Ordinal),
                    $"{replica.Name} never synchronised with the primary");
                started.Add(replica);
            }

            deployment.Replicas = started;
            var sentinels = new List<RedisNode>();
            for (var i = 0; i < 3; i++)
            {
                sentinels.Add(await deployment.KeepAsync(RedisNode.StartSentinelAsync($"redis-sentinel-{i + 1}", ServiceName, deployment.Primary, downAfter)));
            }

            deployment.Sentinels = sentinels;

            // Every sentinel must know the replica and the other sentinels before a failover can be agreed on.
            foreach (var sentinel in sentinels)
            {
                await WaitUntilAsync(async () =>
                {
                    var master = (RedisResult[])(await sentinel.ExecuteAsync("SENTINEL", "MASTER", ServiceName))!;
                    var fields = Pairs(master);
                    return fields["num-slaves"] == replicas.ToString() && fields["num-other-sentinels"] == "2";
                }, $"{sentinel.Name} never saw the replicas and the other two sentinels");
            }

            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>The address the sentinels currently give as the primary's.</summary>
    public async Task<int> PrimaryPortAsync()
    {
        var address = (RedisResult[])(await Sentinels[0].ExecuteAsync("SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName))!;
        return int.Parse((string)address[1]!);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _all)
        {
            await node.DisposeAsync();
        }
    }

    private static Dictionary<string, string> Pairs(RedisResult[] flat)
    {
        var pairs = new Dictionary<string, string>();
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            pairs[(string)flat[i]!] = (string)flat[i + 1]!;
        }

        return pairs;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"Redis Sentinel set-up: {failure} within 60 s.");
            }

            await Task.Delay(200);
        }
    }

    private async Task<RedisNode> KeepAsync(Task<RedisNode> starting)
    {
        var node = await starting;
        _all.Add(node);
        return node;
    }
}
