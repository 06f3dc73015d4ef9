using OrleansSessions.Abstractions.Revocation;

namespace OrleansSessions.Api.Caching;

/// <summary>
/// Keeps this node's cache lease (<see cref="SessionCacheProtocol"/>): registers an observer for revocation pushes and
/// renews the lease every <see cref="SessionCacheProtocol.RenewEvery"/>. A renewal that fails or is not answered within
/// <see cref="SessionCacheProtocol.RenewTimeout"/> drops the cache at once; the node then asks the grains until it has
/// a lease again.
/// </summary>
public sealed partial class SessionCacheNode(IGrainFactory grains, SessionCache cache, TimeProvider time, ILogger<SessionCacheNode> logger)
    : BackgroundService, ISessionRevocationObserver
{
    private readonly string _nodeId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Forgets the ended sessions before acknowledging: the acknowledgement is the revoker's proof.</summary>
    public Task Revoked(IReadOnlyList<string> sessionIds)
    {
        cache.Forget(sessionIds);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<ISessionRevocationObserver>(this);
        var registry = grains.GetGrain<IApiNodeRegistryGrain>(0);
        using var timer = new PeriodicTimer(SessionCacheProtocol.RenewEvery, time);
        do
        {
            var askedAt = time.GetTimestamp();
            try
            {
                var length = await registry.Renew(_nodeId, reference).WaitAsync(SessionCacheProtocol.RenewTimeout, stoppingToken);
                cache.ExtendLease(askedAt + (long)((length - SessionCacheProtocol.SafetyMargin).TotalSeconds * time.TimestampFrequency));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (cache.HasLease)
                {
                    LogLeaseLost(logger, ex.GetType().Name);
                }

                cache.Drop();
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        cache.Drop();
        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the session-cache lease ({ExceptionType}); validating every request at the grains")]
    private static partial void LogLeaseLost(ILogger logger, string exceptionType);
}
