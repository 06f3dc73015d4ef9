using Orleans.Persistence.Redis;
using Orleans.Storage;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// Fails the next write of a grain storage provider, once, as a dropped connection or a timeout would: either before
/// the write reaches the store (nothing stored), or after the store took it (its answer lost). The grain cannot tell
/// the two apart from the failure alone.
/// </summary>
public sealed class StorageWriteFaults
{
    private const int None = 0, BeforeStoring = 1, AfterStoring = 2;
    private int _next;

    public void FailNextWriteBeforeStoring() => Volatile.Write(ref _next, BeforeStoring);

    public void LoseNextWriteAnswer() => Volatile.Write(ref _next, AfterStoring);

    /// <summary>Whether an armed fault has not been used yet.</summary>
    public bool IsArmed => Volatile.Read(ref _next) != None;

    public IGrainStorage Wrap(IGrainStorage inner) => new FaultyStorage(inner, this);

    private int Take() => Interlocked.Exchange(ref _next, None);

    private sealed class FaultyStorage(IGrainStorage inner, StorageWriteFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(grainType, grainId, grainState);

        public async Task WriteStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
        {
            var fault = faults.Take();
            if (fault == BeforeStoring)
            {
                throw new RedisStorageException("Injected fault: the write never reached Redis.");
            }

            await inner.WriteStateAsync(grainType, grainId, grainState);
            if (fault == AfterStoring)
            {
                throw new RedisStorageException("Injected fault: the answer to the write was lost.");
            }
        }

        public Task ClearStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(grainType, grainId, grainState);

        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
    }
}
