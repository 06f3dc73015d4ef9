using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Events;
using OrleansSessions.Grains.Telemetry;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Events;

/// <summary>The webhook sender against a real HTTP endpoint (Kestrel on loopback).</summary>
public sealed class WebhookSenderTests
{
    [Fact]
    public async Task A_redirect_is_a_failed_delivery_and_is_not_followed()
    {
        var port = FreePort.Next();
        var landed = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/moved", () => Results.Redirect("/landing")); // 302: a client that follows it sends a GET, without the event
        app.MapGet("/landing", () =>
        {
            Interlocked.Increment(ref landed);
            return Results.Ok();
        });
        await app.StartAsync();
        var settings = new EventSettings
        {
            Webhooks =
            [
                new WebhookSettings
                {
                    Url = $"http://127.0.0.1:{port}/moved", Secret = "whsec_" + Convert.ToBase64String(new byte[24]), RetryFor = TimeSpan.FromSeconds(2),
                },
            ],
        };
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var sender = new WebhookSender(Options.Create(settings), new EventMetrics(services.GetRequiredService<IMeterFactory>()), NullLogger<WebhookSender>.Instance);
        var now = DateTimeOffset.UtcNow;
        var e = new LoggedEvent("1-0", SessionEvent.NewId(now), now, """{"id":"x"}""");

        var delivered = await sender.SendAsync(0, e, CancellationToken.None); // retried until RetryFor, then given up

        Assert.False(delivered);
        Assert.Equal(0, landed);
    }
}
