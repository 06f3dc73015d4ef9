using Microsoft.Extensions.Logging;
using OrleansSessions.Grains.Batching;

namespace OrleansSessions.Grains.Revocation;

/// <summary>
/// The revoker's side of <see cref="SessionCacheProtocol"/>: tells every Api node with a cache lease that sessions
/// ended, and returns only when none of them can still answer for those sessions: each node has acknowledged within
/// <see cref="SessionCacheProtocol.AckTimeout"/>, or its lease (and so its right to answer) has run out.
/// <para>The ends of all this silo's grains go out together (<see cref="GroupCommit{TItem, TResult}"/>): one
/// registry read and one push per node carry every end stored while the previous push was on its way. Under a load of
/// sign-ins that evict, that is a few pushes a second per node instead of one per sign-in, and the protocol holds for
/// each end as before: its batch reads the registry after the end was stored.</para>
/// </summary>
internal sealed partial class RevocationBroadcaster
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<RevocationBroadcaster> _logger;
    private readonly GroupCommit<string, DateTimeOffset> _pushes;

    /// <summary>A grain reference is only an address: resolved once, as building one looks the interface up by reflection.</summary>
    private IApiNodeRegistryGrain? _registry;

    public RevocationBroadcaster(IGrainFactory grains, TimeProvider time, ILogger<RevocationBroadcaster> logger)
    {
        (_grains, _time, _logger) = (grains, time, logger);
        _pushes = new GroupCommit<string, DateTimeOffset>(PushAsync);
    }

    private IApiNodeRegistryGrain Registry => _registry ??= _grains.GetGrain<IApiNodeRegistryGrain>(0);

    public async Task BroadcastAsync(IReadOnlyList<string> sessionIds)
    {
        if (sessionIds.Count == 0)
        {
            return;
        }

        var safeFrom = await _pushes.AddAsync(sessionIds);
        var wait = safeFrom - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time);
        }
    }

    /// <summary>
    /// Pushes one batch of ended sessions to every leased node; the time from which no node can answer for them any
    /// more (now, unless a node did not acknowledge or the registry did not answer).
    /// </summary>
    private async Task<DateTimeOffset> PushAsync(IReadOnlyList<string> sessionIds)
    {
        ApiNodeDirectory directory;
        try
        {
            directory = await Registry.GetNodes().WaitAsync(SessionCacheProtocol.AckTimeout);
        }
        catch (Exception ex)
        {
            // The registry is out of reach (a partition, a silo just lost): no node is told, so every node's memory of
            // these sessions must run out by itself. Every entry was asked before the end was stored, and lives
            // EntryLifetime from its question; nodes refuse nothing newer, as the grain now answers "ended".
            LogRegistryUnreachable(_logger, ex.GetType().Name);
            return _time.GetUtcNow() + SessionCacheProtocol.EntryLifetime + SessionCacheProtocol.SafetyMargin;
        }

        var safeFrom = directory.UnknownLeasesEndAt;
        var pushes = directory.Nodes.Select(async lease =>
        {
            try
            {
                await lease.Observer.Revoked(sessionIds).WaitAsync(SessionCacheProtocol.AckTimeout);
                return (DateTimeOffset?)null;
            }
            catch (Exception ex)
            {
                LogPushFailed(_logger, lease.NodeId, ex.GetType().Name);
                return lease.ExpiresAt;
            }
        });
        foreach (var unacknowledgedUntil in await Task.WhenAll(pushes))
        {
            if (unacknowledgedUntil > safeFrom)
            {
                safeFrom = unacknowledgedUntil.Value;
            }
        }

        return safeFrom;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Api node registry did not answer ({ExceptionType}); waiting out every cached answer instead")]
    private static partial void LogRegistryUnreachable(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Api node {NodeId} did not acknowledge a revocation ({ExceptionType}); waiting out its lease")]
    private static partial void LogPushFailed(ILogger logger, string nodeId, string exceptionType);
}
