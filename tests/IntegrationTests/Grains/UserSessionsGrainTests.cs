using OrleansSessions.Abstractions.Accounts;
using OrleansSessions.Abstractions.Sessions;
using StackExchange.Redis;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>The user's grain over real Redis grain storage: persistence, reactivation, cleanup, exact limits.</summary>
public sealed class UserSessionsGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly UserIdentity Identity = new("user@example.com", []);

    private static NewSessionRequest Request(bool rememberMe = false) =>
        new(rememberMe, "127.0.0.1", "tests", new DeviceInfo("desktop", "Linux", "Firefox", null), Identity);

    private IUserSessionsGrain Grain(string userId) => fixture.Grains.GetGrain<IUserSessionsGrain>(userId);

    /// <summary>The refresh token of <paramref name="issued"/> as the Api presents it once its MAC checks out.</summary>
    private static RefreshAttempt Attempt(IssuedTokens issued) => new(issued.SessionId, issued.Generation, issued.RefreshSecret);

    private async Task<string?> StoredKeyAsync(string userId) =>
        (await fixture.Redis.KeysAsync()).SingleOrDefault(k => k.Contains("user-sessions", StringComparison.Ordinal) && k.Contains(userId, StringComparison.Ordinal)
            && !k.EndsWith("devices", StringComparison.Ordinal)); // the device history (for new_device) is a key of its own

    private async Task<bool> KeyGoesAsync(string userId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await StoredKeyAsync(userId) is not null)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private async Task<HashEntry[]> StoredEntryAsync(string key)
    {
        await using var redis = await fixture.Redis.ConnectAsync();
        return await redis.GetDatabase().HashGetAllAsync(key);
    }

    [Fact]
    public async Task Sessions_survive_deactivation_and_reactivation()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = Grain(userId);
        var opened = (await grain.Open(Request())).Tokens!;

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.NotNull(await StoredKeyAsync(userId));
        Assert.Equal(SessionStatus.Active, await grain.Validate(opened.SessionId));
        var listed = Assert.Single(await grain.List());
        Assert.Equal(opened.SessionId, listed.SessionId);
        Assert.Equal("Linux", listed.Device!.Os);
        var refreshed = await grain.Refresh(Attempt(opened));
        Assert.Equal(RefreshStatus.Rotated, refreshed.Status);
    }

    [Fact]
    public async Task The_redis_key_disappears_when_the_last_session_goes()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = Grain(userId);
        var a = (await grain.Open(Request())).Tokens!;
        var b = (await grain.Open(Request())).Tokens!;
        Assert.NotNull(await StoredKeyAsync(userId));

        Assert.True(await grain.Revoke(a.SessionId));
        Assert.NotNull(await StoredKeyAsync(userId));
        Assert.True(await grain.Revoke(b.SessionId));

        Assert.True(await KeyGoesAsync(userId), "the key stayed"); // once the revocations' events are delivered
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Empty(await grain.List());
        Assert.Equal(SessionStatus.Revoked, await grain.Validate(a.SessionId));
    }

    [Fact]
    public async Task Session_keys_carry_a_ttl_so_users_who_never_return_leave_nothing_behind()
    {
        var userId = Guid.NewGuid().ToString("N");
        await Grain(userId).Open(Request());

        await using var redis = await fixture.Redis.ConnectAsync();
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync((await StoredKeyAsync(userId))!);

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(30), TimeSpan.FromDays(31) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task The_device_history_key_lives_as_long_as_the_days_it_remembers()
    {
        var userId = Guid.NewGuid().ToString("N");
        await Grain(userId).Open(Request());

        await using var redis = await fixture.Redis.ConnectAsync();
        string? key = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((key = (await fixture.Redis.KeysAsync()).SingleOrDefault(k => k.Contains(userId, StringComparison.Ordinal) && k.EndsWith("/devices", StringComparison.Ordinal))) is null
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50); // written after the session's events are delivered
        }

        Assert.NotNull(key);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl); // a user who never returns leaves no device history behind either
        Assert.InRange(ttl.Value, TimeSpan.FromDays(90), TimeSpan.FromDays(91));
    }

    [Fact]
    public async Task Validation_writes_nothing_and_activity_is_flushed_on_deactivation()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = Grain(userId);
        var opened = (await grain.Open(Request())).Tokens!;
        var key = (await StoredKeyAsync(userId))!;
        var before = await StoredEntryAsync(key);

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(SessionStatus.Active, await grain.Validate(opened.SessionId));
        }

        Assert.Equal(before.ToDictionary(e => e.Name, e => e.Value), (await StoredEntryAsync(key)).ToDictionary(e => e.Name, e => e.Value));

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.NotEqual(before.Single(e => e.Name == "etag").Value, (await StoredEntryAsync(key)).Single(e => e.Name == "etag").Value);
        var listed = Assert.Single(await grain.List());
        Assert.Equal(fixture.Clock.GetUtcNow(), listed.LastActivity);
    }

    [Fact]
    public async Task Expired_sessions_are_pruned_and_their_key_removed()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = Grain(userId);
        var opened = (await grain.Open(Request())).Tokens!;

        fixture.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, await grain.Count());
        Assert.True(await KeyGoesAsync(userId), "the key stayed"); // once the expiries' events are delivered
        Assert.Equal(SessionStatus.Expired, await grain.Validate(opened.SessionId));
        Assert.Equal(RefreshStatus.Invalid, (await grain.Refresh(Attempt(opened))).Status);
    }

    [Fact]
    public async Task Forty_concurrent_logins_leave_exactly_the_limit()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = Grain(userId);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => grain.Open(Request())));

        Assert.All(outcomes, o => Assert.NotNull(o.Tokens));
        Assert.Equal(35, outcomes.Sum(o => o.EvictedSessionIds.Count));
        var survivors = outcomes.Select(o => o.Tokens!.SessionId).Except(outcomes.SelectMany(o => o.EvictedSessionIds)).ToHashSet();
        Assert.Equal(5, survivors.Count);

        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(survivors, (await grain.List()).Select(s => s.SessionId).ToHashSet());
    }

    [Fact]
    public async Task A_reused_refresh_token_revokes_the_session_durably()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = Grain(userId);
        var opened = (await grain.Open(Request())).Tokens!;
        Assert.Equal(RefreshStatus.Rotated, (await grain.Refresh(Attempt(opened))).Status);

        Assert.Equal(RefreshStatus.Reused, (await grain.Refresh(Attempt(opened))).Status);
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(SessionStatus.Revoked, await grain.Validate(opened.SessionId));
    }

    [Fact]
    public async Task Accounts_are_unique_by_email_and_persist()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var account = fixture.Grains.GetGrain<IAccountGrain>(email);

        var created = await account.Register(new NewAccount("hash-1", "Ada", ["admin"]));
        var duplicate = await account.Register(new NewAccount("hash-2", null, []));
        await fixture.Cluster.DeactivateAsync(account);
        var loaded = await account.GetCredentials();

        Assert.NotNull(created);
        Assert.Null(duplicate);
        Assert.Equal(created!.UserId, loaded!.UserId);
        Assert.Equal("hash-1", loaded.PasswordHash);
        Assert.Equal(["admin"], loaded.Roles);
        Assert.Null(await fixture.Grains.GetGrain<IAccountGrain>("nobody@example.com").GetCredentials());
    }
}
