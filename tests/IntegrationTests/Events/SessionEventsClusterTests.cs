using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OrleansSessions.Grains.Expiry;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Cluster;
using OrleansSessions.IntegrationTests.Infrastructure;
using OrleansSessions.Testing.Processes;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Events;

/// <summary>
/// Session events end to end on real processes: a silo and an Api on a real Redis, the stream read with
/// StackExchange.Redis, and a real webhook receiver that checks every signature.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SessionEventsClusterTests(ITestOutputHelper output)
{
    private const string Password = "correct horse battery";
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(2);

    /// <summary>When a session.expired must have come, after the last activity: the contract's bound.</summary>
    private static readonly TimeSpan ExpiryBound = IdleTimeout + MaintenanceInterval + TimeSpan.FromSeconds(60);

    private static Dictionary<string, string> Settings(WebhookReceiver receiver, Dictionary<string, string>? more = null)
    {
        var settings = receiver.Settings();
        settings["Sessions__IdleTimeout"] = IdleTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        settings["Sessions__MaintenanceInterval"] = MaintenanceInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Every_event_type_reaches_the_stream_and_a_signed_webhook_with_its_reason_and_fields()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1, Settings(receiver, new()
        {
            ["Sessions__MaxPerUser"] = "2",
            ["Throttling__MaxFailuresPerAccount"] = "3",
            ["Auth__BootstrapAdmin__Email"] = "ops@example.com",
            ["Auth__BootstrapAdmin__Password"] = Password,
        }));
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress });
        var laptop = new { device_type = "desktop", os = "Linux", browser = "Firefox", device_fingerprint = "fp-laptop" };
        var expected = new List<(string Type, string User, string? Session, string? Reason)>();

        // Eviction, a user's revoke, sign-out; new_device on the first login from a device only.
        var (u1, email1) = await RegisterAsync(api);
        var a = await LoginAsync(api, email1, laptop);
        var b = await LoginAsync(api, email1, laptop);
        var c = await LoginAsync(api, email1, laptop); // the limit (2) evicts a
        Assert.True((await api.DeleteAsync($"/auth/sessions/{b.Session}", c.Token)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/auth/logout", c.Token)).StatusCode);
        expected.AddRange([
            ("session.created", u1, a.Session, null), ("session.created", u1, b.Session, null), ("session.revoked", u1, a.Session, "evicted"),
            ("session.created", u1, c.Session, null), ("session.revoked", u1, b.Session, "user_revoked"), ("session.revoked", u1, c.Session, "logout")]);

        // Sign-out everywhere.
        var (u2, email2) = await RegisterAsync(api);
        var d = await LoginAsync(api, email2);
        var e = await LoginAsync(api, email2);
        Assert.True((await api.PostAsync("/auth/logout-all", e.Token)).IsSuccessStatusCode);
        expected.AddRange([("session.revoked", u2, d.Session, "logout_all"), ("session.revoked", u2, e.Session, "logout_all")]);

        // A password change revokes the other sessions.
        var (u3, email3) = await RegisterAsync(api);
        var f = await LoginAsync(api, email3);
        var g = await LoginAsync(api, email3);
        Assert.True((await api.PostJsonAsync("/auth/password", new { current_password = Password, new_password = "another good password" }, g.Token)).IsSuccessStatusCode);
        expected.Add(("session.revoked", u3, f.Session, "password_changed"));

        // A refresh token presented again after its rotation (the rotation itself is no event).
        var (u4, email4) = await RegisterAsync(api);
        var h = await LoginAsync(api, email4);
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/auth/refresh", new { refresh_token = h.Refresh })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostJsonAsync("/auth/refresh", new { refresh_token = h.Refresh })).StatusCode);
        expected.Add(("session.revoked", u4, h.Session, "refresh_reuse"));

        // An administrator's revoke.
        var (u5, email5) = await RegisterAsync(api);
        var i = await LoginAsync(api, email5);
        var admin = await LoginAsync(api, "ops@example.com");
        Assert.True((await api.DeleteAsync($"/admin/users/{u5}/sessions/{i.Session}", admin.Token)).IsSuccessStatusCode);
        expected.Add(("session.revoked", u5, i.Session, "admin"));

        // Throttling locks an account.
        var (u7, email7) = await RegisterAsync(api);
        for (var n = 0; n < 3; n++)
        {
            await api.PostJsonAsync("/auth/login", new { email = email7, password = "wrong password!" });
        }

        expected.Add(("account.locked", u7, null, "failed_logins"));

        // A user who never comes back: expired for idleness.
        var (u6, email6) = await RegisterAsync(api);
        var j = await LoginAsync(api, email6);
        var jAt = DateTimeOffset.UtcNow;
        expected.Add(("session.expired", u6, j.Session, "idle"));

        using var redis = await cluster.Redis.ConnectAsync();
        bool AllIn(IReadOnlyList<JsonObject> events) => expected.All(x => events.Any(ev => Matches(ev, x)));
        Assert.True(
            await EventsSeen.EventuallyAsync(async () => AllIn(await EventsSeen.StreamAsync(redis)) && AllIn(receiver.Accepted), ExpiryBound + TimeSpan.FromSeconds(30)),
            "missing: " + string.Join(", ", expected.Where(x => !receiver.Accepted.Any(ev => Matches(ev, x)) || !receiver.Accepted.Any(ev => Matches(ev, x)))));

        var stream = await EventsSeen.StreamAsync(redis);
        Assert.Equal(0, receiver.Refused);
        foreach (var ev in stream)
        {
            Assert.Equal("default", ev.Text("client"));
            Assert.True(DateTimeOffset.TryParse(ev.Text("time"), out _));
            Assert.True(ev.ContainsKey("ip_address") && ev.ContainsKey("device_info") && ev.ContainsKey("new_device") && ev.ContainsKey("reason"));
        }

        var created = EventsSeen.Of(stream, u1).Where(x => x.Text("type") == "session.created").ToList();
        Assert.Equal([true, false, false], created.Select(x => x["new_device"]!.GetValue<bool>()));
        Assert.Equal("Firefox", created[0]["device_info"]!["browser"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", created[0].Text("ip_address"));
        Assert.Equal("127.0.0.1", stream.Single(x => x.Text("type") == "account.locked").Text("ip_address"));
        var expiredAt = DateTimeOffset.Parse(stream.Single(x => x.Text("session_id") == j.Session && x.Text("type") == "session.expired").Text("time"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expiredAt - jAt < ExpiryBound, $"expired {expiredAt - jAt} after the last activity");

        // Per user, the webhook got what the stream holds, in the same order; refreshes and validations are not events.
        foreach (var user in new[] { u1, u2, u3, u4, u5, u6, u7 })
        {
            Assert.Equal(EventsSeen.Of(stream, user).Select(x => x.Text("id")), EventsSeen.Of(receiver.Accepted, user).Select(x => x.Text("id")));
        }

        Assert.Equal(2, EventsSeen.Of(stream, u4).Count);
        Figures.Report(output, $"{stream.Count} events in the stream, {receiver.Accepted.Count} webhook deliveries");
    }

    [Fact]
    public async Task A_webhook_answering_500_for_a_while_then_200_gets_every_event_in_per_user_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Failing = true;
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1, Settings(receiver));
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress });

        var users = new List<string>();
        for (var n = 0; n < 4; n++)
        {
            var (user, email) = await RegisterAsync(api);
            users.Add(user);
            var first = await LoginAsync(api, email);
            var second = await LoginAsync(api, email);
            await api.PostAsync("/auth/logout", first.Token);
            await LoginAsync(api, email);
            await api.PostAsync("/auth/logout-all", second.Token);
        }

        Assert.True(await EventsSeen.EventuallyAsync(() => Task.FromResult(receiver.FailedAnswers >= 3), TimeSpan.FromSeconds(60)), "the webhook was not retried");
        Assert.Empty(receiver.Accepted);
        receiver.Failing = false;

        using var redis = await cluster.Redis.ConnectAsync();
        const int Expected = 4 * 6; // per user: 3 created, 1 logout, 2 logout_all
        Assert.True(await EventsSeen.EventuallyAsync(async () => (await EventsSeen.StreamAsync(redis)).Count >= Expected, TimeSpan.FromSeconds(30)));
        var stream = await EventsSeen.StreamAsync(redis);
        Assert.Equal(Expected, stream.Count);
        Assert.True(
            await EventsSeen.EventuallyAsync(() => Task.FromResult(stream.All(s => receiver.Accepted.Any(r => r.Text("id") == s.Text("id")))), TimeSpan.FromSeconds(90)),
            $"{receiver.Accepted.Count} of {stream.Count} events arrived");
        foreach (var user in users)
        {
            Assert.Equal(EventsSeen.Of(stream, user).Select(x => x.Text("id")), EventsSeen.Of(receiver.Accepted, user).Select(x => x.Text("id")));
        }

        Assert.Equal(0, receiver.Refused);
        Figures.Report(output, $"{receiver.FailedAnswers} answers of 500 before recovery, then {receiver.Accepted.Count} deliveries");
    }

    [Fact]
    public async Task A_silo_killed_right_after_200_logins_delivers_every_session_created_after_restart_and_expires_them_unattended()
    {
        const int Logins = 200;
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1, Settings(receiver, new() { ["Sessions__MaxPerUser"] = "10" }));
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress, Timeout = TimeSpan.FromSeconds(60) });

        var emails = new List<string>();
        for (var n = 0; n < 20; n++)
        {
            emails.Add((await RegisterAsync(api)).Email);
        }

        var sessions = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Logins), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, _) =>
            sessions.Add((await LoginAsync(api, emails[n % emails.Count])).Session));
        var lastAnswer = DateTimeOffset.UtcNow;
        cluster.Silos[0].Crash();
        Assert.Equal(Logins, sessions.Distinct().Count());

        var restarted = cluster.StartSilo();
        await restarted.WaitUntilReadyAsync("/health/live", TimeSpan.FromSeconds(90));

        using var redis = await cluster.Redis.ConnectAsync();
        async Task<HashSet<string>> CreatedInStreamAsync() =>
            [.. (await EventsSeen.StreamAsync(redis)).Where(x => x.Text("type") == "session.created").Select(x => x.Text("session_id"))];
        HashSet<string> CreatedAtWebhook() =>
            [.. receiver.Accepted.Where(x => x.Text("type") == "session.created").Select(x => x.Text("session_id"))];
        Assert.True(
            await EventsSeen.EventuallyAsync(async () => sessions.All((await CreatedInStreamAsync()).Contains) && sessions.All(CreatedAtWebhook().Contains), TimeSpan.FromMinutes(3)),
            $"stream has {(await CreatedInStreamAsync()).Count}, webhook {CreatedAtWebhook().Count} of {Logins} session.created");

        // Duplicates only as the same event again: one id per session.created.
        var stream = await EventsSeen.StreamAsync(redis);
        foreach (var group in stream.Concat(receiver.Accepted).GroupBy(x => x.Text("id")))
        {
            Assert.Single(group.Select(x => x.ToJsonString()).Distinct());
        }

        Assert.Equal(Logins, stream.Where(x => x.Text("type") == "session.created").Select(x => x.Text("id")).Distinct().Count());

        // Nobody comes back: the expiry sweepers wake the users' grains on the new silo and report the expiries in time.
        Assert.True(
            await EventsSeen.EventuallyAsync(async () => (await EventsSeen.StreamAsync(redis)).Count(x => x.Text("type") == "session.expired") >= Logins, ExpiryBound + TimeSpan.FromSeconds(60)),
            "not every session.expired came");
        var expired = (await EventsSeen.StreamAsync(redis)).Where(x => x.Text("type") == "session.expired").ToList();
        Assert.All(expired, x => Assert.Equal("idle", x.Text("reason")));
        var latest = expired.Max(x => DateTimeOffset.Parse(x.Text("time"), System.Globalization.CultureInfo.InvariantCulture));
        Figures.Report(output, $"last session.expired {latest - lastAnswer} after the last login (bound {ExpiryBound}); {stream.Count} stream entries, {receiver.Accepted.Count} webhook deliveries");
        Assert.True(latest - lastAnswer < ExpiryBound, $"last expiry reported {latest - lastAnswer} after the last login");
    }

    [Fact]
    public async Task An_expiry_reminder_an_earlier_version_left_becomes_an_index_entry_and_is_unregistered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1, Settings(receiver, new() { ["Sessions__IdleTimeout"] = "00:30:00" }));
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress });
        var (userId, email) = await RegisterAsync(api);
        await LoginAsync(api, email);

        // What a version before the expiry index left: the session stored, no index entry, and a reminder per user in
        // the table, written by the Orleans Redis reminder provider itself.
        cluster.Silos[0].Crash();
        using var redis = await cluster.Redis.ConnectAsync();
        var shard = RedisExpiryIndex.KeyOf(cluster.ClusterId, ExpiryShards.Of(userId));
        Assert.True(await redis.GetDatabase().SortedSetRemoveAsync(shard, userId), "the login did not index the user");
        await using var reminders = LegacyReminderTable(cluster);
        var table = reminders.GetRequiredService<Orleans.IReminderTable>();
        await table.StartAsync(CancellationToken.None);
        var user = GrainId.Create("user-sessions", userId);
        await table.UpsertRow(new ReminderEntry { GrainId = user, ReminderName = "expiry", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });

        // It ticks within a minute of the restart: the grain indexes its user at the session's expiry (idle: in half an
        // hour), then drops the reminder.
        await cluster.StartSilo().WaitUntilReadyAsync("/health/live", TimeSpan.FromSeconds(90));
        Assert.True(
            await EventsSeen.EventuallyAsync(async () => (await table.ReadRows(user)).Reminders.Count == 0, TimeSpan.FromMinutes(3)),
            "the reminder of the earlier version was still registered");

        // Due at the expiry once the grain has delivered its events (a minute ahead while a crash left any undelivered).
        Assert.True(
            await EventsSeen.EventuallyAsync(() => IndexDueWithinAsync(redis.GetDatabase(), shard, userId, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30)), TimeSpan.FromSeconds(30)),
            "the user was not indexed at their session's expiry");
    }

    [Fact]
    public async Task While_the_log_refuses_appends_the_users_index_entry_is_a_minute_ahead_and_the_events_arrive_once_it_takes_them()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1, Settings(receiver, new() { ["Sessions__IdleTimeout"] = "00:30:00" }));
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress });
        var (userId, email) = await RegisterAsync(api);
        await LoginAsync(api, email);
        using var redis = await cluster.Redis.ConnectAsync();
        var db = redis.GetDatabase();
        var shard = RedisExpiryIndex.KeyOf(cluster.ClusterId, ExpiryShards.Of(userId));
        Task<bool> DueWithinAsync(TimeSpan from, TimeSpan to) => IndexDueWithinAsync(db, shard, userId, from, to);
        Assert.True(await EventsSeen.EventuallyAsync(() => DueWithinAsync(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30)), TimeSpan.FromSeconds(30)), "not indexed at the expiry");

        // The stream key turns into a string: every append fails (WRONGTYPE), the index and the state still take writes.
        const string stream = "orleans-sessions:events";
        Assert.True(await db.KeyDeleteAsync(stream));
        await db.StringSetAsync(stream, "not a stream");
        var (second, _, _) = await LoginAsync(api, email); // stored: answered 200, its event waits in the outbox

        Assert.True(
            await EventsSeen.EventuallyAsync(() => DueWithinAsync(TimeSpan.Zero, TimeSpan.FromMinutes(1)), TimeSpan.FromSeconds(30)),
            "the entry stayed at the expiry while an event was undelivered");

        // The log takes appends again: the event arrives, and the entry goes back to the expiry.
        await db.KeyDeleteAsync(stream);
        Assert.True(
            await EventsSeen.EventuallyAsync(() => Task.FromResult(EventsSeen.Of(receiver.Accepted, userId).Any(e => e.Text("session_id") == second)), TimeSpan.FromSeconds(60)),
            "the second session.created never arrived");
        Assert.True(await EventsSeen.EventuallyAsync(() => DueWithinAsync(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30)), TimeSpan.FromSeconds(30)), "not back at the expiry");
    }

    [Fact]
    public async Task An_account_locked_event_that_could_not_be_stored_is_stored_by_the_next_attempt_the_lock_refuses()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1, Settings(receiver, new() { ["Throttling__MaxFailuresPerAccount"] = "2" }));
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress });
        var (userId, email) = await RegisterAsync(api);
        await LoginAsync(api, email);
        using var redis = await cluster.Redis.ConnectAsync();
        var db = redis.GetDatabase();
        var server = redis.GetServers().Single();
        var stateKey = Assert.Single(server.Keys(pattern: $"*/user-sessions/{userId}/sessions"));

        // The user's state key turns into a string for a while: the user's grain can store nothing (WRONGTYPE).
        await db.KeyRenameAsync(stateKey, "kept-aside");
        await db.StringSetAsync(stateKey, "not a hash");
        var wrong = () => api.PostJsonAsync("/auth/login", new { email, password = "wrong password!" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong()).StatusCode); // locks the account; its event cannot be stored

        await db.KeyDeleteAsync(stateKey);
        await db.KeyRenameAsync("kept-aside", stateKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await wrong()).StatusCode); // refused by the lock: it stores the owed event

        Assert.True(
            await EventsSeen.EventuallyAsync(() => Task.FromResult(EventsSeen.Of(receiver.Accepted, userId).Any(e => e.Text("type") == "account.locked")), TimeSpan.FromSeconds(60)),
            "account.locked never arrived");
    }

    /// <summary>Whether the user's expiry index entry is due more than <paramref name="from"/> and at most <paramref name="to"/> from now.</summary>
    private static async Task<bool> IndexDueWithinAsync(StackExchange.Redis.IDatabase db, StackExchange.Redis.RedisKey shard, string userId, TimeSpan from, TimeSpan to) =>
        await db.SortedSetScoreAsync(shard, userId) is { } due
        && DateTimeOffset.FromUnixTimeMilliseconds((long)due) - DateTimeOffset.UtcNow is var wait && wait > from && wait <= to;

    /// <summary>The cluster's reminder table as the Orleans Redis provider reads and writes it, outside any silo.</summary>
    private static ServiceProvider LegacyReminderTable(LocalCluster cluster)
    {
        var services = new ServiceCollection().AddLogging();
        services.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ClusterId));
        services.UseRedisReminderService(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(cluster.Redis.ConnectionString));
        return services.BuildServiceProvider();
    }

    private static bool Matches(JsonObject e, (string Type, string User, string? Session, string? Reason) x) =>
        e.Text("type") == x.Type && e.Text("user_id") == x.User && (x.Session is null || e.Text("session_id") == x.Session)
        && (x.Reason is null || e.Text("reason") == x.Reason);

    private static async Task<(string UserId, string Email)> RegisterAsync(ApiClient api)
    {
        var email = ApiClient.NewEmail();
        return (await api.RegisterAsync(email, Password), email);
    }

    private static async Task<(string Session, string Token, string Refresh)> LoginAsync(ApiClient api, string email, object? device = null)
    {
        var response = await api.PostJsonAsync("/auth/login", new { email, password = Password, device_info = device });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var login = await ApiClient.JsonAsync(response);
        return (login["session_id"]!.GetValue<string>(), login["access_token"]!.GetValue<string>(), login["refresh_token"]!.GetValue<string>());
    }
}
