using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Sessions;

/// <summary>A stored state stamped with a <see cref="StoreVersion"/> on every write.</summary>
internal interface IVersionedState
{
    long Version { get; set; }
}

/// <summary>
/// For grains that answer from the state they hold and never delete it (accounts, the role directory): memory is compared with the store
/// before it is answered from while Orleans may hold a second copy of the grain (<see cref="MembershipWatch.MustRecheck"/>),
/// and once after the Redis connection came back or moved to another primary (writes Redis had acknowledged may be
/// lost). A newer record is another copy's write: memory follows it, so a password or a role it changed holds here
/// too. An older one is the store gone back: memory is written over it, so a password change or a role revoke Redis
/// lost is not undone. A store out of reach while a second copy may exist fails the call: sign-ins and role checks
/// need the store anyway. A record the store lost entirely lives only in memory until its write-over lands: every call
/// tries that first (failing while it cannot land), and the grain is kept in memory meanwhile
/// (<paramref name="keepInMemory"/>: the grain's <c>DelayDeactivation</c>).
/// </summary>
internal sealed class VersionedState<T>(
    IPersistentState<T> state, MembershipWatch membership, SharedRedisConnection? redis, TimeProvider time, Action<TimeSpan> keepInMemory)
    where T : class, IVersionedState
{
    /// <summary>How long a grain whose record lives only in memory stays there without calls (each failed write-over renews it).</summary>
    private static readonly TimeSpan KeepWhileOnlyInMemory = TimeSpan.FromHours(1);

    private readonly StoreVersion _version = StoreVersion.Holding(state.State.Version);
    private readonly ReconnectionMark _reconnection = new(redis);

    /// <summary>
    /// The store went back to before the record existed and memory's write-over has not landed: the record exists, though
    /// <see cref="IStorage.RecordExists"/> (set by the read) says not.
    /// </summary>
    private bool _onlyInMemory;

    /// <summary>Whether the record exists, as memory holds it: what the grain answers from instead of <see cref="IStorage.RecordExists"/>.</summary>
    public bool Exists => state.RecordExists || _onlyInMemory;


    /// <summary>Compares memory with the store when a second copy may exist or Redis came back (see the class).</summary>
    public async Task RecheckAsync()
    {
        if (!membership.MustRecheck && !_reconnection.RedisReconnected && !_onlyInMemory)
        {
            return;
        }

        var mustRecheck = membership.MustRecheck;
        var reconnections = _reconnection.Take();
        var held = state.State;
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception ex) when (!mustRecheck && !_onlyInMemory && ex is not InconsistentStateException)
        {
            // Redis is out of reach again: no copy can write either; memory answers, and a later call compares. (Not
            // while the store lacks the record memory holds: the call fails, as its write-over did.)
            return;
        }

        if (_version.KeptRecordWentBack(state.RecordExists, state.State.Version))
        {
            NoteOnlyInMemory(!state.RecordExists);
            state.State = held;
            await WriteAsync(); // compared only once this lands: a failure leaves the next call (or the grain's end) to try again
        }
        else
        {
            _version.Read(state.State.Version);
            _onlyInMemory = false;
        }

        _reconnection.Compared(reconnections);
    }

    /// <summary>As the grain leaves memory with no call since Redis came back: the comparison its next call would have made.</summary>
    public async Task RecheckBeforeLeavingAsync(ILogger logger)
    {
        if (!_reconnection.RedisReconnected && !_onlyInMemory)
        {
            return;
        }

        try
        {
            await RecheckAsync();
        }
        catch (Exception ex)
        {
            VersionedStateLog.RecheckFailed(logger, typeof(T).Name, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Stores memory. Refused by an older record (the store went back), it is written over it; refused by another copy's
    /// newer one, memory follows that record and the call fails (<see cref="InconsistentStateException"/>).
    /// </summary>
    public async Task WriteAsync()
    {
        try
        {
            await StampAndWriteAsync();
        }
        catch (InconsistentStateException)
        {
            var held = state.State;
            await state.ReadStateAsync();
            if (!_version.KeptRecordWentBack(state.RecordExists, state.State.Version))
            {
                _version.Read(state.State.Version);
                _onlyInMemory = false;
                throw;
            }

            NoteOnlyInMemory(!state.RecordExists);
            state.State = held;
            await StampAndWriteAsync();
        }
    }

    /// <summary>
    /// <see cref="WriteAsync"/>, and on failure has the grain leave memory (<paramref name="leave"/>: its
    /// <c>DeactivateOnIdle</c>), as memory is then ahead of the store and the next activation re-reads it; unless the
    /// store lacks the record memory holds, whose only copy the activation then is.
    /// </summary>
    public async Task WriteOrLeaveAsync(Action leave)
    {
        try
        {
            await WriteAsync();
        }
        catch
        {
            if (!_onlyInMemory)
            {
                leave();
            }

            throw;
        }
    }

    private void NoteOnlyInMemory(bool onlyInMemory)
    {
        _onlyInMemory = onlyInMemory;
        if (onlyInMemory)
        {
            keepInMemory(KeepWhileOnlyInMemory);
        }
    }

    private async Task StampAndWriteAsync()
    {
        state.State.Version = _version.Next(time.GetUtcNow());
        await state.WriteStateAsync();
        _version.Written();
        _onlyInMemory = false;
    }
}

internal static partial class VersionedStateLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compare the stored {StateType} with memory after Redis came back ({ExceptionType})")]
    public static partial void RecheckFailed(ILogger logger, string stateType, string exceptionType);
}
