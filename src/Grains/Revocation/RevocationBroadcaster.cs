using Microsoft.Extensions.Logging;

namespace OrleansSessions.Grains.Revocation;

/// <summary>
/// The revoker's side of <see cref="SessionCacheProtocol"/>: tells every Api node with a cache lease that sessions
/// ended, and returns only when none of them can still answer for those sessions: each node has acknowledged within
/// <see cref="SessionCacheProtocol.AckTimeout"/>, or its lease (and so its right to answer) has run out.
/// </summary>
internal sealed partial class RevocationBroadcaster(IGrainFactory grains, TimeProvider time, ILogger<RevocationBroadcaster> logger)
{
    /// <summary>A grain reference is only an address: resolved once, as building one looks the interface up by reflection.</summary>
    private IApiNodeRegistryGrain? _registry;

    private IApiNodeRegistryGrain Registry => _registry ??= grains.GetGrain<IApiNodeRegistryGrain>(0);

    public async Task BroadcastAsync(IReadOnlyList<string> sessionIds)
    {
        if (sessionIds.Count == 0)
        {
            return;
        }

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
            LogRegistryUnreachable(logger, ex.GetType().Name);
            await Task.Delay(SessionCacheProtocol.EntryLifetime + SessionCacheProtocol.SafetyMargin, time);
            return;
        }

        var waitUntil = directory.UnknownLeasesEndAt;
        var pushes = directory.Nodes.Select(async lease =>
        {
            try
            {
                await lease.Observer.Revoked(sessionIds).WaitAsync(SessionCacheProtocol.AckTimeout);
                return (DateTimeOffset?)null;
            }
            catch (Exception ex)
            {
                LogPushFailed(logger, lease.NodeId, ex.GetType().Name);
                return lease.ExpiresAt;
            }
        });
        foreach (var unacknowledgedUntil in await Task.WhenAll(pushes))
        {
            if (unacknowledgedUntil > waitUntil)
            {
                waitUntil = unacknowledgedUntil.Value;
            }
        }

        var wait = waitUntil - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Api node registry did not answer ({ExceptionType}); waiting out every cached answer instead")]
    private static partial void LogRegistryUnreachable(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Api node {NodeId} did not acknowledge a revocation ({ExceptionType}); waiting out its lease")]
    private static partial void LogPushFailed(ILogger logger, string nodeId, string exceptionType);
}
