using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansSessions.Client;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Events;

/// <summary>
/// A real webhook endpoint: a Kestrel app on a loopback port that checks every request with
/// <see cref="WebhookVerifier"/> (refusing and counting unsigned ones) and keeps the events it accepted, in arrival
/// order. While <see cref="Failing"/> it answers 500 to everything (and keeps nothing).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _accepted = new();
    private int _refused;
    private int _failed;

    private WebhookReceiver(WebApplication app, string url, string secret)
    {
        _app = app;
        Url = url;
        Secret = secret;
    }

    public string Url { get; }

    public string Secret { get; }

    public volatile bool Failing;

    public int Refused => _refused;

    public int FailedAnswers => _failed;

    /// <summary>Every event accepted, in arrival order (duplicates included).</summary>
    public IReadOnlyList<JsonObject> Accepted => [.. _accepted];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, $"http://127.0.0.1:{port}/hooks", secret);
        var verifier = new WebhookVerifier(secret);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            if (receiver.Failing)
            {
                Interlocked.Increment(ref receiver._failed);
                return Results.StatusCode(500);
            }

            if (await verifier.ReadVerifiedBodyAsync(request) is not { } body)
            {
                Interlocked.Increment(ref receiver._refused);
                return Results.Unauthorized();
            }

            var json = JsonNode.Parse(body)!.AsObject();
            if (json["id"]!.GetValue<string>() != request.Headers["webhook-id"].ToString())
            {
                Interlocked.Increment(ref receiver._refused);
                return Results.BadRequest();
            }

            receiver._accepted.Enqueue(json);
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The settings that make a service post to this receiver as webhook <paramref name="index"/>.</summary>
    public Dictionary<string, string> Settings(int index = 0, TimeSpan? retryFor = null)
    {
        var settings = new Dictionary<string, string>
        {
            [$"Events__Webhooks__{index}__Url"] = Url,
            [$"Events__Webhooks__{index}__Secret"] = Secret,
        };
        if (retryFor is { } r)
        {
            settings[$"Events__Webhooks__{index}__RetryFor"] = r.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
