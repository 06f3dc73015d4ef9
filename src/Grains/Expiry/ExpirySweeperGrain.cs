using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansSessions.Abstractions.Events;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Expiry;

/// <summary>
/// Sweeps one shard of the <see cref="IExpiryIndex"/> every <see cref="SweepInterval"/>: claims the entries that are
/// due, a page at a time, and wakes their users' grains, a page at once. One reminder per shard keeps it alive in the
/// cluster (instead of one reminder per user, each with its own timer on some silo): after a crash it is back within
/// a minute wherever the cluster places it, and each silo also starts it when it starts.
/// </summary>
[GrainType("expiry-sweeper")]
internal sealed partial class ExpirySweeperGrain(
    IExpiryIndex index,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time,
    ILogger<ExpirySweeperGrain> logger) : Grain, IExpirySweeperGrain, IRemindable
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    /// <summary>When an entry whose grain did not answer (or has not written it again yet) is claimed again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private const int PageSize = 256;

    private int _shard;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shard = checked((int)this.GetPrimaryKeyLong());
        if (_shard < 0 || _shard >= ExpiryShards.Count)
        {
            DeactivateOnIdle();
            return;
        }

        await this.RegisterOrUpdateReminder("keep-alive", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(TimeSpan.Zero, SweepInterval) { KeepAlive = true });
    }

    public Task Start() => Task.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    /// <summary>Wakes every user due now; a full page means more may be due, so the next page follows at once.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var claimed = PageSize;
        while (claimed == PageSize && !cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            IReadOnlyList<string> due;
            try
            {
                due = await index.ClaimDueAsync(_shard, now, PageSize, now + RetryAfter);
            }
            catch (Exception ex)
            {
                LogClaimFailed(logger, _shard, ex.GetType().Name); // the next tick tries again
                return;
            }

            await Task.WhenAll(due.Select(WakeUpAsync));
            claimed = due.Count;
        }
    }

    private async Task WakeUpAsync(string grainKey)
    {
        try
        {
            await GrainFactory.GetGrain<IExpiryWakeUpGrain>(grainKey).WakeUp();
        }
        catch (Exception ex)
        {
            // Its entry stays claimed until RetryAfter: then the sweep wakes it again.
            LogWakeUpFailed(logger, grainKey, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the due users of expiry shard {Shard} ({ExceptionType}); trying again at the next sweep")]
    private static partial void LogClaimFailed(ILogger logger, int shard, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake user {UserId} for their expiry ({ExceptionType}); trying again in a minute")]
    private static partial void LogWakeUpFailed(ILogger logger, string userId, string exceptionType);
}
