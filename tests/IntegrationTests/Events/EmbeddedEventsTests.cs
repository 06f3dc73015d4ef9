using System.Net;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Events;

/// <summary>Embedded mode has no stream, and webhooks still get every event, signed.</summary>
public sealed class EmbeddedEventsTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private WebhookApiFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _factory = new WebhookApiFactory(_receiver.Settings().ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value));
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

    private sealed class WebhookApiFactory(Dictionary<string, string> settings) : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => settings;
    }
}
