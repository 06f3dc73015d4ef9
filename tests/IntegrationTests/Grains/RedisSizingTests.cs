using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// How much Redis a session costs, for sizing (docs/operations.md): users with the full five sessions each, opened with
/// a real browser's user agent and an IPv6 address, different for every session, measured by <c>MEMORY USAGE</c> of their keys and by the growth of
/// <c>INFO memory</c>'s <c>used_memory</c>.
/// </summary>
public sealed class RedisSizingTests(GrainClusterFixture fixture, ITestOutputHelper output) : IClassFixture<GrainClusterFixture>
{
    private const int Users = 200;
    private const int SessionsPerUser = 5;
    private const string UserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    [Fact]
    public async Task Bytes_per_session_in_redis_are_measured()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var before = await UsedMemoryAsync(server);

        await Parallel.ForEachAsync(Enumerable.Range(0, Users), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var identity = new UserIdentity($"sizing-user-{i:D5}@example.com", []);
            var grain = fixture.Grains.GetGrain<IUserSessionsGrain>($"sizing-{Guid.NewGuid():N}");
            for (var s = 0; s < SessionsPerUser; s++)
            {
                // Each session from its own device and address (no text shared between sessions): the costlier case.
                var request = new NewSessionRequest(
                    s % 2 == 0, $"2001:db8:85a3::8a2e:{s:x4}:{i:x4}", $"{UserAgent} {i}.{s}", new DeviceInfo("desktop", "Windows", $"Chrome {s}", null), identity);
                Assert.NotNull((await grain.Open(request)).Tokens);
            }
        });

        var after = await UsedMemoryAsync(server);
        var keyBytes = 0L;
        var keys = 0;
        await foreach (var key in server.KeysAsync(pattern: "*user-sessions/sizing-*"))
        {
            // A user's sessions key, and beside it the device history for new_device: both are what a user costs.
            keys += key.ToString().EndsWith("/devices", StringComparison.Ordinal) ? 0 : 1;
            keyBytes += (long)(await redis.GetDatabase().ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"));
        }

        const int sessions = Users * SessionsPerUser;
        var perSessionByKeys = (double)keyBytes / sessions;
        var perSessionByInfo = (double)(after - before) / sessions;
        var perGb = 1_000_000_000 / Math.Max(perSessionByKeys, perSessionByInfo);
        Figures.Report(output, $"Redis sizing: {Users} users x {SessionsPerUser} sessions: MEMORY USAGE {perSessionByKeys:0} bytes per session "
            + $"({keyBytes / Users:0} bytes per user: sessions and device history), used_memory grew {perSessionByInfo:0} bytes per session: "
            + $"about {perGb / 1_000_000:0.0} million sessions per GB of Redis data (before AOF and fragmentation headroom).");

        Assert.Equal(Users, keys);
        Assert.InRange(perSessionByKeys, 50, 5_000); // a session is a few hundred bytes, not kilobytes

        // Users with a single session pay the key's own overhead alone.
        for (var i = 0; i < Users; i++)
        {
            var request = new NewSessionRequest(false, "203.0.113.7", UserAgent, new DeviceInfo("desktop", "Windows", "Chrome", null), new UserIdentity($"single-{i:D5}@example.com", []));
            Assert.NotNull((await fixture.Grains.GetGrain<IUserSessionsGrain>($"single-{Guid.NewGuid():N}").Open(request)).Tokens);
        }

        var singleBytes = 0L;
        await foreach (var key in server.KeysAsync(pattern: "*user-sessions/single-*"))
        {
            singleBytes += (long)(await redis.GetDatabase().ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"));
        }

        Figures.Report(output, $"Redis sizing: a user with one session: MEMORY USAGE {singleBytes / Users:0} bytes.");
        Assert.InRange(singleBytes / Users, 50, keyBytes / Users);
    }

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var memory = (await server.InfoAsync("memory")).SelectMany(g => g).Single(p => p.Key == "used_memory");
        return long.Parse(memory.Value);
    }
}
