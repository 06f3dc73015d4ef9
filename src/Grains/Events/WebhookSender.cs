using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Telemetry;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// Posts one event to one webhook, signed the Standard Webhooks way, until it answers 2xx or the event's
/// <c>RetryFor</c> (from the event's time) runs out. The retries are Polly's: exponential backoff with jitter from
/// one second (the first retry comes within a few seconds), at most five minutes apart, each attempt given 10 s.
/// Give-ups are logged with the event id (never the secret or the body).
/// </summary>
internal sealed partial class WebhookSender : IDisposable
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Redirects are not followed: a 3xx is a failure (retried), since following one would turn the POST into a GET
    /// without the event and count that GET's 2xx as a delivery, and would send the signed headers to another address.
    /// </summary>
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the pipeline times each attempt
    };

    private readonly IReadOnlyList<WebhookSettings> _webhooks;
    private readonly byte[][] _keys;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _time;
    private readonly EventMetrics _metrics;
    private readonly ILogger<WebhookSender> _logger;

    public WebhookSender(IOptions<EventSettings> settings, EventMetrics metrics, ILogger<WebhookSender> logger, TimeProvider? time = null)
    {
        _webhooks = settings.Value.Webhooks;
        _keys = [.. _webhooks.Select(w => w.Key())];
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: OperationCanceledException } when args.Context.CancellationToken.IsCancellationRequested => false,
                    { Exception: not null } => true,
                    { Result: { IsSuccessStatusCode: false } } => true,
                    _ => false,
                }),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromMinutes(5),
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    _metrics.WebhookFailed();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(AttemptTimeout)
            .Build();
    }

    public int Count => _webhooks.Count;

    /// <summary>Posts <paramref name="e"/> to webhook <paramref name="index"/>; false when it was given up.</summary>
    public async Task<bool> SendAsync(int index, LoggedEvent e, CancellationToken cancellationToken)
    {
        var webhook = _webhooks[index];
        // From the event's time; never more than RetryFor (an event stamped ahead of this silo's clock) nor less than none.
        var left = e.Time + webhook.RetryFor - _time.GetUtcNow();
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(left < TimeSpan.Zero ? TimeSpan.Zero : left > webhook.RetryFor ? webhook.RetryFor : left);
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Sender.PostAsync(state.Index, state.Event, token),
                (Sender: this, Index: index, Event: e),
                giveUp.Token);
            if (response.IsSuccessStatusCode)
            {
                _metrics.WebhookDelivered(_time.GetUtcNow() - e.Time);
                return true;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or TimeoutRejectedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        _metrics.WebhookGaveUp();
        LogGaveUp(_logger, e.EventId, index, webhook.RetryFor);
        return false;
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> PostAsync(int index, LoggedEvent e, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _webhooks[index].Url)
        {
            Content = new StringContent(e.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("webhook-id", e.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(_keys[index], e.EventId, timestamp, e.Body));
        return await _http.SendAsync(request, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up event {EventId} for webhook {Webhook} after retrying for {RetryFor}")]
    private static partial void LogGaveUp(ILogger logger, string eventId, int webhook, TimeSpan retryFor);
}
