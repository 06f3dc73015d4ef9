using System.Diagnostics.Metrics;

namespace OrleansSessions.Grains.Telemetry;

/// <summary>
/// Event delivery on the <c>OrleansSessions</c> meter: events appended to the log, appends that failed (the outbox
/// keeps them), webhook posts by outcome, events given up, what waits for delivery, and the lag from an event to its
/// webhook's 2xx.
/// </summary>
public sealed class EventMetrics
{
    private readonly Counter<long> _appended;
    private readonly Counter<long> _appendFailed;
    private readonly Counter<long> _outboxDropped;
    private readonly Counter<long> _webhookDelivered;
    private readonly Counter<long> _webhookFailed;
    private readonly Counter<long> _webhookGaveUp;
    private readonly Histogram<double> _webhookLag;
    private long _webhookPending;

    public EventMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SessionMetrics.MeterName);
        _appended = meter.CreateCounter<long>("events.appended", description: "Events handed from users' outboxes to the event log (stream).");
        _appendFailed = meter.CreateCounter<long>("events.append.failed", description: "Attempts to append an outbox to the event log that failed (the events stay in the outbox and are tried again).");
        _outboxDropped = meter.CreateCounter<long>("events.outbox.dropped", description: "Events dropped from a full outbox (the log was unreachable for long).");
        _webhookDelivered = meter.CreateCounter<long>("events.webhook.delivered", description: "Events a webhook accepted (2xx).");
        _webhookFailed = meter.CreateCounter<long>("events.webhook.failed", description: "Webhook posts that failed (non-2xx, error or no answer in 10 s); each is retried.");
        _webhookGaveUp = meter.CreateCounter<long>("events.webhook.gave_up", description: "Events given up after their webhook's RetryFor.");
        _webhookLag = meter.CreateHistogram<double>("events.webhook.lag", unit: "ms", description: "From an event to its webhook's 2xx.");
        meter.CreateObservableGauge("events.webhook.pending", () => Interlocked.Read(ref _webhookPending), description: "Events read from the log by this silo's webhook dispatchers and not yet accepted.");
    }

    internal void Appended(int count) => _appended.Add(count);

    internal void AppendFailed() => _appendFailed.Add(1);

    internal void Dropped(int count) => _outboxDropped.Add(count);

    internal void WebhookPending(int delta) => Interlocked.Add(ref _webhookPending, delta);

    internal void WebhookDelivered(TimeSpan lag)
    {
        _webhookDelivered.Add(1);
        _webhookLag.Record(lag.TotalMilliseconds);
    }

    internal void WebhookFailed() => _webhookFailed.Add(1);

    internal void WebhookGaveUp() => _webhookGaveUp.Add(1);
}
