using Orleans.Storage;
using StackExchange.Redis;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// Wraps the Redis grain storage so a write or delete returns only once <see cref="RedisReplicationSettings.WaitForReplicas"/>
/// replicas hold it: after the provider's write it sends <c>WAIT n timeout</c> on the same connection to the node that
/// owns the key (<c>WAIT</c> counts the replicas that have every earlier write of that connection). Fewer replicas in
/// time, or no answer to <c>WAIT</c>, fails the call with <see cref="ReplicasBehindException"/>: the primary may hold the
/// write, but it is not reported done (the Api answers 503 <c>store_unavailable</c>); the sessions grain goes back to
/// what it held and its next write replaces that copy.
/// </summary>
internal sealed class ReplicaAcknowledgedGrainStorage(
    IGrainStorage inner,
    SharedRedisConnection redis,
    Func<string, GrainId, RedisKey> storageKey,
    RedisReplicationSettings settings) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(grainType, grainId, grainState);

    public async Task WriteStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(grainType, grainId, grainState);
        await WaitForReplicasAsync(grainType, grainId);
    }

    public async Task ClearStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.ClearStateAsync(grainType, grainId, grainState);
        await WaitForReplicasAsync(grainType, grainId);
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(lifecycle);
        }
    }

    private async Task WaitForReplicasAsync(string grainType, GrainId grainId)
    {
        int acknowledged;
        try
        {
            var connection = await redis.GetAsync();
            var server = connection.GetServer(storageKey(grainType, grainId));
            var timeout = (long)settings.WaitTimeout.TotalMilliseconds;
            acknowledged = (int)await server.ExecuteAsync("WAIT", settings.WaitForReplicas, timeout);
        }
        catch (RedisException ex)
        {
            // Without the inner exception, as the provider does: StackExchange.Redis exceptions have no Orleans codec,
            // so one inside would fail the response on its way back to the caller (a 500 instead of a 503).
            throw new ReplicasBehindException($"The write of {grainType} {grainId} could not be confirmed on a replica: {ex.GetType().Name}: {ex.Message}");
        }

        if (acknowledged < settings.WaitForReplicas)
        {
            throw new ReplicasBehindException(
                $"The write of {grainType} {grainId} reached {acknowledged} of {settings.WaitForReplicas} replicas within {settings.WaitTimeout.TotalMilliseconds:0} ms.");
        }
    }
}
