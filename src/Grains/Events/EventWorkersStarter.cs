using Microsoft.Extensions.Logging;
using OrleansSessions.Abstractions.Events;
using OrleansSessions.Grains.Expiry;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// When a silo becomes active it starts the grains that deliver events without being called: every webhook's
/// dispatcher and every expiry sweeper (one of each in the cluster; starting one that runs is harmless), so events
/// flow and expiries are reported without waiting for their reminders after a cluster (re)start.
/// </summary>
internal sealed partial class EventWorkersStarter(
    IGrainFactory grains, WebhookSender sender, Microsoft.Extensions.Options.IOptions<EventSettings> settings, ILogger<EventWorkersStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EventWorkersStarter), ServiceLifecycleStage.Active, OnStartAsync, _ => Task.CompletedTask);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        for (var i = 0; i < sender.Count; i++)
        {
            _ = StartAsync("webhook dispatcher", i, grains.GetGrain<IWebhookDispatcherGrain>(i).Start);
        }

        for (var i = 0; i < ExpiryShards.Count; i++)
        {
            _ = StartAsync("expiry sweeper", i, grains.GetGrain<IExpirySweeperGrain>(i).Start);
        }

        return Task.CompletedTask;
    }

    private async Task StartAsync(string worker, int index, Func<Task> start)
    {
        try
        {
            await start();
        }
        catch (Exception ex)
        {
            // Its reminder starts it within a minute.
            LogStartFailed(logger, worker, index, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start {Worker} {Index} ({ExceptionType}); its reminder will")]
    private static partial void LogStartFailed(ILogger logger, string worker, int index, string exceptionType);
}
