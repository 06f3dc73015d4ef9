using Microsoft.Extensions.Logging;
using OrleansSessions.Abstractions.Events;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// When a silo becomes active it starts every webhook's dispatcher (one per webhook in the cluster; starting one that
/// runs is harmless), so events flow without waiting for the dispatchers' reminders after a cluster (re)start.
/// </summary>
internal sealed partial class WebhookDispatchStarter(
    IGrainFactory grains, WebhookSender sender, Microsoft.Extensions.Options.IOptions<EventSettings> settings, ILogger<WebhookDispatchStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WebhookDispatchStarter), ServiceLifecycleStage.Active, OnStartAsync, _ => Task.CompletedTask);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; settings.Value.Enabled && i < sender.Count; i++)
        {
            _ = StartAsync(i);
        }

        return Task.CompletedTask;
    }

    private async Task StartAsync(int index)
    {
        try
        {
            await grains.GetGrain<IWebhookDispatcherGrain>(index).Start();
        }
        catch (Exception ex)
        {
            // Its reminder starts it within a minute.
            LogStartFailed(logger, index, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start the dispatcher of webhook {Webhook} ({ExceptionType}); its reminder will")]
    private static partial void LogStartFailed(ILogger logger, int webhook, string exceptionType);
}
