using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Events;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Testing.Processes;
using StackExchange.Redis.Profiling;

namespace OrleansSessions.IntegrationTests.Events;

/// <summary>The cluster's event log on a real Redis: what many grains append at once shares script calls and keeps each user's order.</summary>
public sealed class RedisEventStreamTests
{
    [Fact]
    public async Task Concurrent_appends_of_many_users_share_script_calls_and_keep_each_users_order()
    {
        await using var stream = await StreamOnRedis.StartAsync();
        var sent = new ProfilingSession();
        (await stream.Redis.GetAsync()).RegisterProfiler(() => sent);

        // As each user's grain does: its events in order, the second batch only once the first is in.
        const int users = 200;
        await Task.WhenAll(Enumerable.Range(0, users).Select(async u =>
        {
            var user = $"user-{u}";
            await stream.Log.AppendAsync(user, [Event(user, 0), Event(user, 1)]);
            await stream.Log.AppendAsync(user, [Event(user, 2)]);
        }));

        var entries = await stream.EntriesAsync();
        Assert.Equal(users * 3, entries.Length);
        foreach (var user in entries.GroupBy(e => (string)e["user_id"]!))
        {
            Assert.Equal([$"{user.Key}/0", $"{user.Key}/1", $"{user.Key}/2"], user.Select(e => (string)e["id"]!));
            Assert.Equal(SessionEventJson.Write(user.Key, Event(user.Key, 2)), (string)user.Last()["body"]!); // each body whole and its own
        }

        // The commands the appends were sent as: one per user's batch would be 400.
        var appends = sent.FinishProfiling().Count(c => c.Command is "EVALSHA" or "EVAL" or "XADD");
        Assert.InRange(appends, 1, users / 2);
    }

    [Fact]
    public async Task A_batch_bigger_than_one_call_goes_in_several_calls_in_order()
    {
        await using var stream = await StreamOnRedis.StartAsync();
        var sent = new ProfilingSession();
        (await stream.Redis.GetAsync()).RegisterProfiler(() => sent);
        var events = Enumerable.Range(0, (2 * RedisEventStream.MaxEventsPerCall) + 7).Select(i => Event("one-user", i)).ToList();

        await stream.Log.AppendAsync("one-user", events);

        Assert.Equal(events.Select(e => e.Id), (await stream.EntriesAsync()).Select(e => (string)e["id"]!));
        Assert.Equal(3, sent.FinishProfiling().Count(c => c.Command is "EVALSHA" or "EVAL"));
    }

    [Fact]
    public async Task A_reader_whose_stream_key_was_lost_reads_what_was_appended_after_the_loss()
    {
        await using var stream = await StreamOnRedis.StartAsync();
        await stream.Log.EnsureReaderAsync("webhook-0");
        await stream.Log.AppendAsync("u", [Event("u", 0)]);
        var before = await stream.Log.ReadAsync("webhook-0", 10);
        await stream.Log.AcknowledgeAsync("webhook-0", Assert.Single(before).Entry);

        await stream.DeleteStreamAsync(); // its groups go with it
        await stream.Log.AppendAsync("u", [Event("u", 1), Event("u", 2)]);

        Assert.Equal(["u/1", "u/2"], (await stream.Log.ReadAsync("webhook-0", 10)).Select(e => e.EventId));
    }

    [Fact]
    public async Task An_entry_trimmed_while_unacknowledged_is_acknowledged_and_skipped()
    {
        await using var stream = await StreamOnRedis.StartAsync();
        await stream.Log.EnsureReaderAsync("webhook-0");
        await stream.Log.AppendAsync("u", [Event("u", 0), Event("u", 1)]);
        Assert.Equal(2, (await stream.Log.ReadAsync("webhook-0", 10)).Count); // read, never acknowledged (a dispatcher that died)

        await stream.TrimAllAsync();
        await stream.Log.AppendAsync("u", [Event("u", 2)]);

        var afterTrim = await stream.Log.ReadAsync("webhook-0", 10);
        Assert.DoesNotContain(afterTrim, e => e.EventId is null || e.Body is null);
        Assert.Equal(0, await stream.PendingAsync("webhook-0"));
        Assert.Equal(["u/2"], [.. afterTrim.Select(e => e.EventId), .. (await stream.Log.ReadAsync("webhook-0", 10)).Select(e => e.EventId)]);
    }

    [Fact]
    public async Task A_read_event_carries_the_time_it_happened_not_the_time_it_was_appended()
    {
        await using var stream = await StreamOnRedis.StartAsync();
        await stream.Log.EnsureReaderAsync("webhook-0");
        var happened = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(-5).ToUnixTimeMilliseconds()); // an outbox kept through an outage
        var late = new SessionEvent(SessionEvent.NewId(happened), SessionEventTypes.Created, happened.ToUnixTimeMilliseconds(), "s", "default", null, null, null, true);

        await stream.Log.AppendAsync("u", [late]);

        Assert.Equal(happened, Assert.Single(await stream.Log.ReadAsync("webhook-0", 10)).Time);
    }

    /// <summary>A real redis-server, a connection to it and the event log over its stream.</summary>
    private sealed class StreamOnRedis(RedisServer server, SharedRedisConnection redis) : IAsyncDisposable
    {
        private static readonly EventSettings Settings = new() { Stream = "test:events" };

        public SharedRedisConnection Redis => redis;

        public RedisEventStream Log { get; } = new(redis, Options.Create(Settings));

        public static async Task<StreamOnRedis> StartAsync()
        {
            var server = await RedisServer.StartAsync();
            return new StreamOnRedis(server, new SharedRedisConnection(RedisConnection.Parse(server.ConnectionString)));
        }

        public async Task<StackExchange.Redis.StreamEntry[]> EntriesAsync() =>
            await (await redis.GetAsync()).GetDatabase().StreamRangeAsync(Settings.Stream);

        public async Task DeleteStreamAsync() => Assert.True(await (await redis.GetAsync()).GetDatabase().KeyDeleteAsync(Settings.Stream));

        public async Task TrimAllAsync() => await (await redis.GetAsync()).GetDatabase().StreamTrimAsync(Settings.Stream, 0);

        public async Task<long> PendingAsync(string reader) =>
            (await (await redis.GetAsync()).GetDatabase().StreamPendingAsync(Settings.Stream, reader)).PendingMessageCount;

        public async ValueTask DisposeAsync()
        {
            await redis.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    private static SessionEvent Event(string user, int index) =>
        new($"{user}/{index}", SessionEventTypes.Created, 1_767_261_600_000 + index, $"session-{index}", "default", null, "127.0.0.1", null, false);
}
