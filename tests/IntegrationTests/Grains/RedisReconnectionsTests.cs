using OrleansSessions.Grains.Hosting;
using OrleansSessions.IntegrationTests.Events;
using OrleansSessions.Testing.Processes;
using StackExchange.Redis;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// <see cref="SharedRedisConnection.Reconnections"/> is what makes grains compare their memory with the store after
/// Redis may have lost acknowledged writes: it must count a restart of Redis and a Sentinel failover, and nothing while
/// the connection simply stays up, while Redis is down, or when a replica reconnects (else every grain would read the
/// store again and again).
/// </summary>
public sealed class RedisReconnectionsTests
{
    [Fact]
    public async Task A_restart_of_redis_counts_and_a_connection_that_stays_up_or_is_down_does_not()
    {
        await using var server = await RedisServer.StartAsync();
        var options = RedisConnection.Parse(server.ConnectionString);
        options.ConfigCheckSeconds = 1; // the periodic configuration check runs several times in the quiet stretch below
        await using var shared = new SharedRedisConnection(options);
        var db = (await shared.GetAsync()).GetDatabase();
        await db.PingAsync();
        var connected = shared.Reconnections; // a first connection that took a second attempt on a loaded machine counts

        for (var i = 0; i < 15; i++)
        {
            await db.PingAsync();
            await Task.Delay(200);
        }

        Assert.Equal(connected, shared.Reconnections);

        await server.StopAsync();
        for (var i = 0; i < 10; i++)
        {
            // Failed commands and failed configuration checks while Redis is down: nothing to compare with yet.
            await Assert.ThrowsAnyAsync<RedisException>(() => db.PingAsync());
            await Task.Delay(200);
        }

        Assert.Equal(connected, shared.Reconnections);
        await server.StartAgainAsync();

        Assert.True(
            await EventsSeen.EventuallyAsync(() => Task.FromResult(shared.Reconnections > connected), TimeSpan.FromSeconds(30)),
            $"no reconnection counted in 30 s after the restart ({shared.Reconnections})");
    }

    [Fact]
    public async Task A_replica_reconnecting_counts_nothing()
    {
        // Writes go to the primary only: a replica coming back is no sign that the store went back.
        await using var redis = await RedisSentinelDeployment.StartAsync(downAfter: TimeSpan.FromSeconds(30));
        await using var shared = new SharedRedisConnection(RedisConnection.Parse(redis.ConnectionString));
        var multiplexer = await shared.GetAsync();
        await multiplexer.GetDatabase().PingAsync();
        var replica = redis.Replicas[0].EndPoint;
        bool ReplicaConnected() => multiplexer.GetServers().Any(s => s.IsReplica && s.IsConnected && s.EndPoint.ToString() == replica);
        Assert.True(await EventsSeen.EventuallyAsync(() => Task.FromResult(ReplicaConnected()), TimeSpan.FromSeconds(30)), "the replica was never connected");
        var before = shared.Reconnections;
        var replicaBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive && e.EndPoint?.ToString() == replica)
            {
                replicaBack.TrySetResult();
            }
        };

        await redis.Replicas[0].ExecuteAsync("CLIENT", "KILL", "TYPE", "normal");
        await replicaBack.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(before, shared.Reconnections);
    }

    [Fact]
    public async Task A_sentinel_failover_counts()
    {
        await using var redis = await RedisSentinelDeployment.StartAsync(downAfter: TimeSpan.FromSeconds(1));
        await using var shared = new SharedRedisConnection(RedisConnection.Parse(redis.ConnectionString));
        await (await shared.GetAsync()).GetDatabase().PingAsync();
        var before = shared.Reconnections;

        redis.Primary.Crash();

        Assert.True(await EventsSeen.EventuallyAsync(() => Task.FromResult(shared.Reconnections > before), TimeSpan.FromSeconds(60)));
    }
}
