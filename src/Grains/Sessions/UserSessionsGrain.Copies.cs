using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// A second copy of this user's grain: Orleans can briefly hold two during a membership change (docs/operations.md, "Two
/// copies of one user"). Memory follows the store whenever another copy may have written it, and a call that ended
/// sessions returns only once no stale copy can vouch for them. A store that went back instead (Redis lost writes it had
/// acknowledged) is older than memory: memory is written over it (<see cref="StoreVersion"/>).
/// </summary>
internal sealed partial class UserSessionsGrain
{
    /// <summary>Returns once no stale copy of this grain can vouch for what this call ended (<see cref="ReplacementFence"/>).</summary>
    private Task HoldForStaleCopiesAsync()
    {
        var hold = _membership.Hold(_activatedAt);
        return hold > TimeSpan.Zero ? Task.Delay(hold) : Task.CompletedTask;
    }

    /// <summary>
    /// Makes memory safe to answer from: after a refused write it re-reads what the other copy stored; for a while after a
    /// silo joined or left (when Orleans may hold a second copy), and once after Redis came back, it reads the store and,
    /// if another copy wrote, takes what it wrote and leaves (this copy is the duplicate); a store older than memory
    /// (lost writes) is written over instead. True when memory was checked against the store.
    /// </summary>
    private async Task<bool> RereadIfStaleAsync()
    {
        if (!_mustReread && !_membership.MustRecheck && !_reconnection.RedisReconnected)
        {
            return false;
        }

        var reconnections = _reconnection.Take();
        StoredState read;
        try
        {
            read = await ReadStoreAsync(keepMemoryIfUnchanged: !_mustReread);
        }
        catch (Exception ex) when (!_mustReread && ex is not InconsistentStateException)
        {
            // The store is out of reach: then no other copy can store a revoke either, and validation goes on from
            // memory through a store outage, as it does outside a membership change.
            LogRecheckFailed(logger, ex.GetType().Name);
            return false;
        }

        _reconnection.Compared(reconnections);
        if (read == StoredState.Older)
        {
            _mustReread = false;
            await WriteOverOlderStoreAsync();
            return !_book.IsUnsaved; // unstored (another copy wrote meanwhile, or Redis is gone again): not confirmed
        }

        if (_mustReread || read == StoredState.AnotherCopyWrote)
        {
            var leave = !_mustReread;
            _mustReread = false;
            await FollowStoreAsync(leave);
        }

        return true;
    }

    /// <summary>
    /// After a call that should have ended sessions wrote nothing: reads the store, and if another copy wrote since this
    /// one last read or wrote, takes what it stored and leaves. Throws when the store cannot be read: an end that may
    /// have missed another copy's sessions is not confirmed from memory.
    /// </summary>
    private async Task<bool> FollowStoreIfAnotherCopyWroteAsync()
    {
        switch (await ReadStoreAsync(keepMemoryIfUnchanged: true))
        {
            case StoredState.Unchanged:
                return false;
            case StoredState.Older:
                await WriteOverOlderStoreAsync();
                return false;
            default:
                await FollowStoreAsync(leave: true);
                return true;
        }
    }

    /// <summary>
    /// Reads the stored state and tells what it is against memory. When nothing changed and
    /// <paramref name="keepMemoryIfUnchanged"/>, the state object the book works on stays (the read's copy would hold a
    /// second, unpooled set of the same sessions); when the store went back, it always stays.
    /// </summary>
    private async Task<StoredState> ReadStoreAsync(bool keepMemoryIfUnchanged)
    {
        var (etag, held) = (state.Etag, state.State);
        await state.ReadStateAsync();

        // Versions first: a write that timed out may have brought the older record's ETag in already (StoredAnywayAsync).
        if (_version.StoreWentBack(state.RecordExists, state.State.Version))
        {
            state.State = held; // the read's ETag stays with it, so the next write goes over the older record
            return StoredState.Older;
        }

        if (state.Etag != etag)
        {
            return StoredState.AnotherCopyWrote;
        }

        if (keepMemoryIfUnchanged)
        {
            state.State = held;
        }

        return StoredState.Unchanged;
    }

    /// <summary>
    /// The store holds an older state than this copy wrote: Redis lost acknowledged writes, and sessions this copy ended
    /// are alive in it again. Memory is newer and is written over it now, before a copy activated from the store (after
    /// this one leaves memory) could answer from it. Best effort, like a flush: unstored, it stays pending for the
    /// maintenance timer's next flush (or the grain's end).
    /// </summary>
    private async Task WriteOverOlderStoreAsync()
    {
        LogStoreWentBack(logger, this.GetPrimaryKeyString());
        _book.MarkUnsaved();
        await FlushAsync();
        if (_book.IsUnsaved)
        {
            Touch();
        }
    }

    /// <summary>
    /// Memory becomes what the store holds (just read). Sessions this copy held that the store no longer does ended
    /// elsewhere, and this copy may have vouched for them: every Api node forgets them before the call goes on.
    /// </summary>
    private async Task FollowStoreAsync(bool leave)
    {
        var held = _book.TakeSnapshot();
        _book = NewBook();
        _version.Read(state.State.Version);
        FollowStoredIndex();
        ReportCount();
        if (leave)
        {
            DeactivateOnIdle();
        }

        await revocations.BroadcastAsync(_book.EndedSince(held));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compare the sessions in memory with the store ({ExceptionType}); validating from memory")]
    private static partial void LogRecheckFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store held an older state of user {UserId} than this copy wrote (Redis lost acknowledged writes); writing memory over it")]
    private static partial void LogStoreWentBack(ILogger logger, string userId);

    /// <summary>What a read of the store found against memory.</summary>
    private enum StoredState
    {
        /// <summary>What this copy last read or wrote.</summary>
        Unchanged,

        /// <summary>Another copy's write: memory follows it.</summary>
        AnotherCopyWrote,

        /// <summary>Older than memory (the store went back): memory goes over it.</summary>
        Older,
    }
}
