using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansSessions.Abstractions.Events;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Expiry;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Events;

/// <summary>Embedded mode has no stream, and webhooks still get every event, signed, expiries of users who never return included.</summary>
public sealed class EmbeddedEventsTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private WebhookApiFactory _factory = null!;
    private Dictionary<string, string> _settings = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _settings = _receiver.Settings().ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value);
        _factory = new WebhookApiFactory(_settings);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_webhook_gets_a_users_events_in_order_without_redis()
    {
        var api = new ApiClient(_factory.CreateClient());
        var email = ApiClient.NewEmail();
        var userId = await api.RegisterAsync(email);
        var first = await api.LoginAsync(email);
        var second = await api.LoginAsync(email);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/auth/logout", first["access_token"]!.GetValue<string>())).StatusCode);

        Assert.True(
            await EventsSeen.EventuallyAsync(() => Task.FromResult(EventsSeen.Of(_receiver.Accepted, userId).Count >= 3), TimeSpan.FromSeconds(30)),
            $"{EventsSeen.Of(_receiver.Accepted, userId).Count} of 3 events arrived");
        var events = EventsSeen.Of(_receiver.Accepted, userId);
        Assert.Equal(
            [("session.created", first["session_id"]!.GetValue<string>(), ""), ("session.created", second["session_id"]!.GetValue<string>(), ""),
             ("session.revoked", first["session_id"]!.GetValue<string>(), "logout")],
            events.Select(e => (e.Text("type"), e.Text("session_id"), e.Text("reason"))));
        Assert.Equal(0, _receiver.Refused);
    }

    [Fact]
    public async Task A_backends_user_is_named_in_events_as_the_backend_named_them()
    {
        await using var factory = new WebhookApiFactory(new(_settings) { ["Auth:ServiceKeys"] = Service.ServiceApiFactory.Key });
        var service = new Service.ServiceClient(factory.CreateClient());
        var userId = Service.ServiceClient.NewUserId();
        var opened = await service.OpenAsync(userId);
        Assert.Equal(HttpStatusCode.OK, (await service.SendAsync(HttpMethod.Delete, Service.ServiceClient.Path(userId))).StatusCode);

        Assert.True(
            await EventsSeen.EventuallyAsync(() => Task.FromResult(EventsSeen.Of(_receiver.Accepted, userId).Count >= 2), TimeSpan.FromSeconds(30)),
            $"{EventsSeen.Of(_receiver.Accepted, userId).Count} of 2 events arrived under the backend's id");
        Assert.Equal(
            [("session.created", opened["session_id"]!.GetValue<string>()), ("session.revoked", opened["session_id"]!.GetValue<string>())],
            EventsSeen.Of(_receiver.Accepted, userId).Select(e => (e.Text("type"), e.Text("session_id"))));
    }

    [Fact]
    public async Task A_user_who_never_returns_gets_session_expired_from_the_sweeper_after_their_grain_left_memory()
    {
        // The grain's own maintenance timer would find the expiry too, had it stayed in memory: not within this test.
        await using var factory = new WebhookApiFactory(new(_settings) { ["Sessions:MaintenanceInterval"] = "00:10:00" });
        var api = new ApiClient(factory.CreateClient());
        var email = ApiClient.NewEmail();
        var userId = await api.RegisterAsync(email);
        var session = (await api.LoginAsync(email))["session_id"]!.GetValue<string>();

        // The grain leaves memory at once, with its maintenance timer: only the expiry index knows the user now.
        var grain = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserSessionsGrain>(userId);
        await grain.AsReference<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();

        // The idle timeout (an hour by default) passes on the session clock; nobody calls the user's grain.
        factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        Assert.True(
            await EventsSeen.EventuallyAsync(() => Task.FromResult(EventsSeen.Of(_receiver.Accepted, userId).Any(e => e.Text("type") == "session.expired")), TimeSpan.FromSeconds(30)),
            "no session.expired arrived");
        var expired = EventsSeen.Of(_receiver.Accepted, userId).Single(e => e.Text("type") == "session.expired");
        Assert.Equal((session, "idle"), (expired.Text("session_id"), expired.Text("reason")));
    }

    [Fact]
    public async Task With_events_turned_off_the_sweeper_clears_entries_written_while_they_were_on()
    {
        await using var factory = new WebhookApiFactory(new(_settings) { ["Events:Enabled"] = "false" });
        factory.CreateClient().Dispose();
        var index = factory.Services.GetRequiredService<IExpiryIndex>();
        var userId = Guid.NewGuid().ToString("N");
        var shard = ExpiryShards.Of(userId);
        await index.ScheduleAsync(userId, factory.Clock.GetUtcNow());

        // Events off, the silo starts no sweeper; one left running (its reminder outlives the setting) is started here.
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IExpirySweeperGrain>(shard).Start();

        // Looking claims the entry too, so it is claimed back as due at once: only the woken grain can remove it.
        var now = factory.Clock.GetUtcNow();
        Assert.True(
            await EventsSeen.EventuallyAsync(async () => !(await index.ClaimDueAsync(shard, now + TimeSpan.FromDays(1), 1000, now)).Contains(userId), TimeSpan.FromSeconds(30)),
            "the entry was still indexed");
    }

    private sealed class WebhookApiFactory(Dictionary<string, string> settings) : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => settings;
    }
}
