using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansSessions.Abstractions.Events;
using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// Delivers the event log to one webhook: reads it through the webhook's own reader (a Redis consumer group in
/// cluster mode), posts each event in log order and acknowledges it once it is accepted or given up. One event at a
/// time, so each user's events arrive in the order they happened; a slow or dead endpoint holds up only this
/// webhook's queue, never a login (the log is the queue, bounded by the stream's <c>MAXLEN</c>). What was read and not
/// acknowledged when a silo died is read again by the next activation (at least once). A reminder reactivates the
/// dispatcher within a minute wherever the cluster places it; each silo also starts it when it starts.
/// </summary>
[Reentrant]
[GrainType("webhook-dispatcher")]
internal sealed partial class WebhookDispatcherGrain(
    IEventLog log,
    WebhookSender sender,
    EventMetrics metrics,
    ILogger<WebhookDispatcherGrain> logger) : Grain, IWebhookDispatcherGrain, IRemindable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private const int BatchSize = 100;

    private int _index;
    private IGrainTimer? _poll;

    public static string ReaderOf(long index) => $"webhook-{index}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = checked((int)this.GetPrimaryKeyLong());
        if (_index < 0 || _index >= sender.Count)
        {
            DeactivateOnIdle();
            return;
        }

        await log.EnsureReaderAsync(ReaderOf(_index));
        await this.RegisterOrUpdateReminder("keep-alive", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        _poll = this.RegisterGrainTimer(DrainAsync, new GrainTimerCreationOptions(TimeSpan.Zero, PollInterval) { KeepAlive = true });
    }

    public Task Start() => Task.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    /// <summary>Posts everything in the log for this webhook, in order; the timer comes back for what arrives later.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var reader = ReaderOf(_index);
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<LoggedEvent> batch;
            try
            {
                batch = await log.ReadAsync(reader, BatchSize);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReadFailed(logger, _index, ex.GetType().Name);
                return;
            }

            if (batch.Count == 0)
            {
                return;
            }

            metrics.WebhookPending(batch.Count);
            var left = batch.Count;
            try
            {
                foreach (var e in batch)
                {
                    await sender.SendAsync(_index, e, cancellationToken);
                    await log.AcknowledgeAsync(reader, e.Entry);
                    metrics.WebhookPending(-1);
                    left--;
                }
            }
            finally
            {
                metrics.WebhookPending(-left);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Webhook} could not read the event log ({ExceptionType}); trying again")]
    private static partial void LogReadFailed(ILogger logger, int webhook, string exceptionType);
}
