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

        var directory = await Registry.GetNodes();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Api node {NodeId} did not acknowledge a revocation ({ExceptionType}); waiting out its lease")]
    private static partial void LogPushFailed(ILogger logger, string nodeId, string exceptionType);
}
