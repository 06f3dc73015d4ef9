namespace OrleansSessions.Abstractions.Events;

/// <summary>
/// Posts the events of the log to one webhook (key: its index in <c>Events:Webhooks</c>), one at a time in log order,
/// so each user's events arrive in order. One activation in the cluster; a reminder brings it back after a crash.
/// </summary>
[Alias("os.IWebhookDispatcherGrain")]
public interface IWebhookDispatcherGrain : IGrainWithIntegerKey
{
    /// <summary>Activates the dispatcher (it then runs by itself); harmless when it already runs.</summary>
    [Alias("Start")]
    Task Start();
}
