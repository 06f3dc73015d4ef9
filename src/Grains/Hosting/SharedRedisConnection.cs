using StackExchange.Redis;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// The one Redis connection of a process, made from the parsed <c>ConnectionStrings:Redis</c> and shared by Orleans'
/// membership, the grain storages and the health check: a single, stand-alone, Sentinel or Redis Cluster deployment
/// is then discovered once (StackExchange.Redis connects through Sentinel when the string names a <c>serviceName</c>
/// and follows a failover; it maps a Redis Cluster's slots when given its nodes), and a <c>WAIT</c> after a write runs
/// on the very connection that made the write (<see cref="ReplicaAcknowledgedGrainStorage"/>).
/// </summary>
public sealed class SharedRedisConnection(ConfigurationOptions options) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<IConnectionMultiplexer>? _connecting;
    private long _reconnections;
    private string? _primaries;

    public ConfigurationOptions Options { get; } = options;

    /// <summary>
    /// How often the connection to Redis came back after it was lost, or moved to another primary. Either is when writes
    /// Redis had acknowledged may have been lost (a crash with <c>appendfsync everysec</c>, a failover to a replica they
    /// had not reached): grains holding state compare it with the store once after each (<see cref="Domain.StoreVersion"/>).
    /// </summary>
    public long Reconnections => Interlocked.Read(ref _reconnections);

    /// <summary>The connection, made on first use; a failed first attempt is made again by the next caller.</summary>
    public Task<IConnectionMultiplexer> GetAsync()
    {
        lock (_gate)
        {
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync(Options.Clone());
            }

            return _connecting;
        }
    }

    /// <summary>The shape the Orleans Redis providers' <c>CreateMultiplexer</c> options expect: shared, so they never dispose it.</summary>
    public async Task<(IConnectionMultiplexer Multiplexer, bool IsShared)> GetForProviderAsync() => (await GetAsync(), true);

    public async ValueTask DisposeAsync()
    {
        Task<IConnectionMultiplexer>? connecting;
        lock (_gate)
        {
            connecting = _connecting;
            _connecting = null;
        }

        if (connecting is { IsCompletedSuccessfully: true })
        {
            await connecting.Result.DisposeAsync();
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive && !multiplexer.GetServer(e.EndPoint).IsReplica)
            {
                Interlocked.Increment(ref _reconnections);
            }
        };

        // Raised on every reconfiguration, failures included: only a change of the primaries counts (a failover).
        multiplexer.ConfigurationChanged += (_, _) => NotePrimaries(multiplexer);
        NotePrimaries(multiplexer);
        return multiplexer;
    }

    /// <summary>Counts a change of the connected primaries; while none is connected there is nothing to compare.</summary>
    private void NotePrimaries(IConnectionMultiplexer multiplexer)
    {
        var primaries = string.Join(',', multiplexer.GetServers()
            .Where(s => s.IsConnected && !s.IsReplica)
            .Select(s => s.EndPoint.ToString())
            .Order(StringComparer.Ordinal));
        if (primaries.Length == 0)
        {
            return;
        }

        var previous = Interlocked.Exchange(ref _primaries, primaries);
        if (previous is not null && previous != primaries)
        {
            Interlocked.Increment(ref _reconnections);
        }
    }
}
