using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansSessions.Grains.Expiry;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Testing.Processes;
using StackExchange.Redis.Profiling;

namespace OrleansSessions.IntegrationTests.Events;

/// <summary>
/// The expiry index behaves the same on a real Redis (cluster mode) and in memory (embedded mode): due entries are
/// claimed earliest first and moved ahead, removed ones stay removed, and a user is in one shard only.
/// </summary>
public sealed class ExpiryIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Kinds => ["redis", "memory"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Due_entries_are_claimed_earliest_first_and_come_back_only_after_the_retry_delay(string kind)
    {
        await using var index = await IndexUnderTest.StartAsync(kind);
        var users = UsersOfOneShard(4);
        await index.Index.ScheduleAsync(users[0], Now - TimeSpan.FromSeconds(30));
        await index.Index.ScheduleAsync(users[1], Now - TimeSpan.FromMinutes(5));
        await index.Index.ScheduleAsync(users[2], Now);
        await index.Index.ScheduleAsync(users[3], Now + TimeSpan.FromMilliseconds(1)); // not due yet
        var shard = ExpiryShards.Of(users[0]);
        var retryAt = Now + TimeSpan.FromMinutes(1);

        Assert.Equal([users[1], users[0]], await index.Index.ClaimDueAsync(shard, Now, 2, retryAt));
        Assert.Equal([users[2]], await index.Index.ClaimDueAsync(shard, Now, 2, retryAt));
        Assert.Empty(await index.Index.ClaimDueAsync(shard, Now, 2, retryAt));

        // Claimed entries are due again at the retry time (ties in key order), after the one that was not due then.
        Assert.Equal(
            [users[3], .. users[..3].Order(StringComparer.Ordinal)],
            await index.Index.ClaimDueAsync(shard, retryAt, 10, retryAt + TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_grain_moving_or_removing_its_claimed_entry_wins_over_the_claim(string kind)
    {
        await using var index = await IndexUnderTest.StartAsync(kind);
        var users = UsersOfOneShard(2);
        var shard = ExpiryShards.Of(users[0]);
        await index.Index.ScheduleAsync(users[0], Now);
        await index.Index.ScheduleAsync(users[1], Now);
        Assert.Equal(2, (await index.Index.ClaimDueAsync(shard, Now, 10, Now + TimeSpan.FromMinutes(1))).Count);

        // Woken, one grain has nothing left, the other's next expiry is in an hour.
        await index.Index.RemoveAsync(users[0]);
        await index.Index.ScheduleAsync(users[1], Now + TimeSpan.FromHours(1));

        Assert.Empty(await index.Index.ClaimDueAsync(shard, Now + TimeSpan.FromMinutes(59), 10, Now + TimeSpan.FromHours(2)));
        Assert.Equal([users[1]], await index.Index.ClaimDueAsync(shard, Now + TimeSpan.FromHours(1), 10, Now + TimeSpan.FromHours(2)));
        Assert.Equal([users[1]], await index.Index.ClaimDueAsync(shard, Now + TimeSpan.FromDays(1), 10, Now + TimeSpan.FromDays(2))); // claimed, never written again
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_user_is_claimed_from_its_own_shard_only(string kind)
    {
        await using var index = await IndexUnderTest.StartAsync(kind);
        var users = Enumerable.Range(0, 200).Select(n => $"user-{n}").ToList();
        foreach (var user in users)
        {
            await index.Index.ScheduleAsync(user, Now);
        }

        var claimed = new List<string>();
        for (var shard = 0; shard < ExpiryShards.Count; shard++)
        {
            var ofShard = await index.Index.ClaimDueAsync(shard, Now, 1000, Now + TimeSpan.FromMinutes(1));
            Assert.All(ofShard, user => Assert.Equal(shard, ExpiryShards.Of(user)));
            claimed.AddRange(ofShard);
        }

        Assert.Equal(users.Order(StringComparer.Ordinal), claimed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Many_users_scheduled_at_once_each_get_their_own_due_time_and_a_users_later_schedule_wins(string kind)
    {
        await using var index = await IndexUnderTest.StartAsync(kind);
        var sent = new ProfilingSession();
        if (index.Redis is { } redis)
        {
            (await redis.GetAsync()).RegisterProfiler(() => sent);
        }

        // As many grains do under load: each its own entry, at once; one user twice in a row (a sign-in, then its delivery).
        const int users = 400;
        var twice = "user-twice";
        var first = index.Index.ScheduleAsync(twice, Now + TimeSpan.FromMinutes(1));
        var second = index.Index.ScheduleAsync(twice, Now + TimeSpan.FromHours(1));
        await Task.WhenAll(Enumerable.Range(0, users).Select(u => index.Index.ScheduleAsync($"user-{u}", Now + TimeSpan.FromSeconds(u))).Append(first).Append(second));

        var claimed = new List<string>();
        for (var shard = 0; shard < ExpiryShards.Count; shard++)
        {
            claimed.AddRange(await index.Index.ClaimDueAsync(shard, Now + TimeSpan.FromSeconds(users / 2), 1000, Now + TimeSpan.FromDays(1)));
        }

        Assert.Equal(Enumerable.Range(0, (users / 2) + 1).Select(u => $"user-{u}").Order(StringComparer.Ordinal), claimed.Order(StringComparer.Ordinal));
        // Not due at +200 s (above: its first due time, +1 min, would have been), due at +1 h.
        Assert.Contains(twice, await index.Index.ClaimDueAsync(ExpiryShards.Of(twice), Now + TimeSpan.FromHours(1), 1000, Now + TimeSpan.FromDays(1)));
        if (index.Redis is not null)
        {
            // One ZADD per user would be 402; a batch sends one per shard it touches.
            Assert.InRange(sent.FinishProfiling().Count(c => c.Command == "ZADD"), 1, users / 4);
        }
    }

    private static List<string> UsersOfOneShard(int count) =>
        [.. Enumerable.Range(0, 1000).Select(n => $"user-{n}").Where(u => ExpiryShards.Of(u) == ExpiryShards.Of("user-0")).Take(count)];

    /// <summary>The index of one hosting mode: Redis on a real redis-server, or memory.</summary>
    private sealed class IndexUnderTest(IExpiryIndex index, RedisServer? server, SharedRedisConnection? redis) : IAsyncDisposable
    {
        public IExpiryIndex Index => index;

        public SharedRedisConnection? Redis => redis;

        public static async Task<IndexUnderTest> StartAsync(string kind)
        {
            if (kind == "memory")
            {
                return new IndexUnderTest(new InMemoryExpiryIndex(), null, null);
            }

            var server = await RedisServer.StartAsync();
            var redis = new SharedRedisConnection(RedisConnection.Parse(server.ConnectionString));
            return new IndexUnderTest(new RedisExpiryIndex(redis, Options.Create(new ClusterOptions { ServiceId = "expiry-test" })), server, redis);
        }

        public async ValueTask DisposeAsync()
        {
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }

            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
