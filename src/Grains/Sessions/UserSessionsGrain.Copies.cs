using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// A second copy of this user's grain: Orleans can briefly hold two during a membership change (docs/operations.md, "Two
/// copies of one user"). Memory follows the store whenever another copy may have written it, and a call that ended
/// sessions returns only once no stale copy can vouch for them.
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
    /// silo joined or left (when Orleans may hold a second copy) it reads the store and, if another copy wrote, takes
    /// what it wrote and leaves (this copy is the duplicate). True when memory now follows what the store holds.
    /// </summary>
    private async Task<bool> RereadIfStaleAsync()
    {
        if (!_mustReread && !_membership.MustRecheck)
        {
            return false;
        }

        bool changed;
        try
        {
            changed = await ReadStoreAsync(keepMemoryIfUnchanged: !_mustReread);
        }
        catch (Exception ex) when (!_mustReread && ex is not InconsistentStateException)
        {
            // The store is out of reach: then no other copy can store a revoke either, and validation goes on from
            // memory through a store outage, as it does outside a membership change.
            LogRecheckFailed(logger, ex.GetType().Name);
            return false;
        }

        if (_mustReread || changed)
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
        if (!await ReadStoreAsync(keepMemoryIfUnchanged: true))
        {
            return false;
        }

        await FollowStoreAsync(leave: true);
        return true;
    }

    /// <summary>
    /// Reads the stored state: true when another copy wrote since this one last read or wrote. When nothing changed and
    /// <paramref name="keepMemoryIfUnchanged"/>, the state object the book works on stays (the read's copy would hold a
    /// second, unpooled set of the same sessions).
    /// </summary>
    private async Task<bool> ReadStoreAsync(bool keepMemoryIfUnchanged)
    {
        var (etag, held) = (state.Etag, state.State);
        await state.ReadStateAsync();
        if (state.Etag != etag)
        {
            return true;
        }

        if (keepMemoryIfUnchanged)
        {
            state.State = held;
        }

        return false;
    }

    /// <summary>
    /// Memory becomes what the store holds (just read). Sessions this copy held that the store no longer does ended
    /// elsewhere, and this copy may have vouched for them: every Api node forgets them before the call goes on.
    /// </summary>
    private async Task FollowStoreAsync(bool leave)
    {
        var held = _book.TakeSnapshot();
        _book = NewBook();
        FollowStoredIndex();
        ReportCount();
        if (leave)
        {
            DeactivateOnIdle();
        }

        await revocations.BroadcastAsync(_book.EndedSince(held));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the stored sessions after a membership change ({ExceptionType}); validating from memory")]
    private static partial void LogRecheckFailed(ILogger logger, string exceptionType);
}
