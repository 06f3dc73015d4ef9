namespace OrleansSessions.Abstractions.Events;

/// <summary>
/// A user's grain as the expiry sweeper sees it (implemented by the user's sessions grain, same key): woken when its
/// index entry is due, it ends what expired, delivers its events and writes its entry again.
/// </summary>
[Alias("os.IExpiryWakeUpGrain")]
public interface IExpiryWakeUpGrain : IGrainWithStringKey
{
    [Alias("WakeUp")]
    Task WakeUp();
}
