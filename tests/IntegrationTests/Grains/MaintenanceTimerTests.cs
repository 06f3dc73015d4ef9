using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>A cluster whose grains run their maintenance timer every 200 ms.</summary>
public sealed class FastMaintenanceClusterFixture : GrainClusterFixture
{
    protected override TimeSpan MaintenanceInterval => TimeSpan.FromMilliseconds(200);
}

/// <summary>
/// The grain's timer prunes expired sessions and flushes buffered activity with no call to the grain; it stops
/// when the grain has nothing left to do, and the next call starts it again.
/// </summary>
public sealed class MaintenanceTimerTests(FastMaintenanceClusterFixture fixture) : IClassFixture<FastMaintenanceClusterFixture>
{
    private static readonly NewSessionRequest Request = new(false, null, null, null, new UserIdentity("t@example.com", []));

    private async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private async Task<bool> HasKeyAsync(string userId) =>
        (await fixture.Redis.KeysAsync()).Any(k => k.Contains("user-sessions", StringComparison.Ordinal) && k.Contains(userId, StringComparison.Ordinal)
            && !k.EndsWith("devices", StringComparison.Ordinal)); // the device history (for new_device) is a key of its own

    [Fact]
    public async Task The_timer_prunes_expired_sessions_and_removes_the_key()
    {
        var userId = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IUserSessionsGrain>(userId).Open(Request);
        Assert.True(await HasKeyAsync(userId));

        fixture.Clock.Advance(TimeSpan.FromHours(2));

        Assert.True(await EventuallyAsync(async () => !await HasKeyAsync(userId)), "the expired user's key was not removed by the timer");
    }

    [Fact]
    public async Task The_timer_flushes_activity_without_a_deactivation()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var opened = (await grain.Open(Request)).Tokens!;
        var key = (await fixture.Redis.KeysAsync()).Single(k => k.Contains(userId, StringComparison.Ordinal) && !k.EndsWith("devices", StringComparison.Ordinal));
        await using var redis = await fixture.Redis.ConnectAsync();
        var etag = await redis.GetDatabase().HashGetAsync(key, "etag");

        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(SessionStatus.Active, await grain.Validate(opened.SessionId));

        Assert.True(await EventuallyAsync(async () => await redis.GetDatabase().HashGetAsync(key, "etag") != etag), "activity was not flushed by the timer");
    }

    [Fact]
    public async Task A_call_after_the_timer_stopped_starts_it_again()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var opened = (await grain.Open(Request)).Tokens!;
        var key = (await fixture.Redis.KeysAsync()).Single(k => k.Contains(userId, StringComparison.Ordinal) && !k.EndsWith("devices", StringComparison.Ordinal));
        await using var redis = await fixture.Redis.ConnectAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // five ticks: the first sees the call, the next find nothing to do
        var etag = await redis.GetDatabase().HashGetAsync(key, "etag");

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SessionStatus.Active, await grain.Validate(opened.SessionId));

        Assert.True(await EventuallyAsync(async () => await redis.GetDatabase().HashGetAsync(key, "etag") != etag), "activity after the timer stopped was not flushed");
    }
}
