using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Events;
using OrleansSessions.Grains.Expiry;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Revocation;
using OrleansSessions.Grains.Stats;
using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// A thin shell around <see cref="SessionBook"/>: one activation per user, state in grain storage.
/// <list type="bullet">
/// <item>A change the caller asked for (login, rotation, revoke) is stored before the call returns; if the store
/// refuses it, the change is undone in memory and the call fails, so nothing unstored is ever reported done.</item>
/// <item>Validation and listing answer from memory; activity and expiry pruning are flushed by a timer and on
/// deactivation, and a store outage does not stop them. The timer runs only while there is something for it to do
/// (calls since its last tick, unstored changes, or a session ending before the grain would be collected), so the
/// idle majority of a large silo costs no timer ticks.</item>
/// <item>A write conflict (someone else wrote the key: a second activation during a membership change) drops the
/// activation, and until it is gone no call is answered from its memory: the next one re-reads the store first. A
/// store found older than memory (Redis lost acknowledged writes) is written over instead (<see cref="StoreVersion"/>).</item>
/// <item>A call that ended sessions returns only once no stale copy of this grain on a silo declared dead can still
/// vouch for them (<see cref="ReplacementFence"/>).</item>
/// </list>
/// </summary>
[GrainType("user-sessions")]
[CollectionAgeLimit(Minutes = IdleMinutesBeforeCollection)]
internal sealed partial class UserSessionsGrain(
    [PersistentState("sessions", GrainStorage.Sessions)] IPersistentState<UserSessionsState> state,
    [PersistentState("devices", GrainStorage.Devices)] IPersistentState<DeviceHistoryState> devices,
    IEventLog eventLog,
    IExpiryIndex expiryIndex,
    IOptions<EventSettings> eventSettings,
    EventMetrics eventMetrics,
    IOptions<SessionPolicy> policy,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time,
    SessionMetrics metrics,
    LocalSessionGauge gauge,
    RevocationBroadcaster revocations,
    TextPool texts,
    ILogger<UserSessionsGrain> logger) : Grain, IUserSessionsGrain
{
    /// <summary>
    /// A user idle this long leaves memory (its state is in Redis; the next request reads it back once). Well under
    /// the idle timeout, so sessions seldom expire while their grain sits idle in memory.
    /// </summary>
    private const int IdleMinutesBeforeCollection = 15;

    private SessionBook _book = null!;
    private DeviceHistory _devices = null!;
    private int _reportedSessions;
    private IGrainTimer? _maintenance;
    private bool _calledSinceTick;
    private MembershipWatch _membership = null!;
    private long _activatedAt;

    /// <summary>Set when a write was refused because another copy wrote: memory may be stale until re-read.</summary>
    private bool _mustReread;

    /// <summary>The version of what memory holds, to tell a store that went back from another copy's write.</summary>
    private readonly StoreVersion _version = new();

    /// <summary>Whether Redis came back since memory was last compared with the store.</summary>
    private ReconnectionMark _reconnection = null!;

    private DateTimeOffset Now => time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _membership = ServiceProvider.GetRequiredService<MembershipWatch>();
        _activatedAt = _membership.Timestamp();
        _reconnection = new ReconnectionMark(ServiceProvider.GetService<SharedRedisConnection>());
        _devices = new DeviceHistory(devices.State.Devices ??= []);
        _book = NewBook();
        _version.Read(state.State.Version);
        ReportCount();
        ResumeEvents();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_reconnection.RedisReconnected)
        {
            // No call came since Redis came back: what a lost write took from the store is still only in memory.
            try
            {
                await RereadIfStaleAsync();
            }
            catch (Exception ex)
            {
                LogRecheckFailed(logger, ex.GetType().Name);
            }
        }

        await FlushAsync();
        gauge.Move(_reportedSessions, 0);
        _reportedSessions = 0;
    }

    public async Task<LoginOutcome> Open(NewSessionRequest request)
    {
        _calledSinceTick = true;
        await EnsureIndexedBeforeFirstSessionAsync();
        var outcome = await ChangeAsync(book => book.Open(request, Now));
        ArmMaintenanceIfNeeded();
        if (outcome.Tokens is { } tokens && logger.IsEnabled(LogLevel.Information))
        {
            LogOpened(logger, SessionIds.Short(tokens.SessionId), this.GetPrimaryKeyString(), outcome.EvictedSessionIds.Count);
        }

        return outcome;
    }

    public Task<LoginOutcome> OpenForService(ServiceSignIn request)
    {
        if (ExternalUsers.GrainKey(request.ExternalUserId) != this.GetPrimaryKeyString() || request.Session.Opening is null)
        {
            throw new ArgumentException("A service session is opened on its external user's grain, with the opening its caller chose.", nameof(request));
        }

        return Open(request.ToRequest());
    }

    public async Task<SessionStatus> Validate(string sessionId)
    {
        Touch();
        await RereadIfStaleAsync();
        var status = _book.Validate(sessionId, Now);
        if (status == SessionStatus.Expired)
        {
            await FlushAsync();
        }

        return status;
    }

    public async Task<SessionDescription> Describe(string sessionId)
    {
        Touch();
        await RereadIfStaleAsync();
        var description = _book.Describe(sessionId, Now);
        if (description.Status == SessionStatus.Expired)
        {
            await FlushAsync();
        }

        return description;
    }

    public Task<bool> UpdateClaims(string sessionId, string? claimsJson)
    {
        Touch();
        return ChangeAsync(book => book.UpdateClaims(sessionId, claimsJson, Now));
    }

    public Task<RefreshOutcome> Refresh(RefreshAttempt attempt)
    {
        Touch();
        return ChangeAsync(book => book.Refresh(attempt, Now));
    }

    public async Task<IReadOnlyList<SessionView>> List()
    {
        Touch();
        await RereadIfStaleAsync();
        var sessions = _book.List(Now);
        await FlushChangesAsync();
        return sessions;
    }

    public async Task<int> Count()
    {
        Touch();
        await RereadIfStaleAsync();
        var count = _book.CountActive(Now);
        await FlushChangesAsync();
        return count;
    }

    public async Task<bool> Revoke(string sessionId, RevocationReason reason = RevocationReason.UserRevoked)
    {
        Touch();
        var revoked = await ChangeAsync(book => book.Revoke(sessionId, Now, reason), endsSessions: true);
        if (revoked)
        {
            LogRevoked(logger, SessionIds.Short(sessionId), this.GetPrimaryKeyString());
        }

        return revoked;
    }

    public async Task Logout(string sessionId)
    {
        if (!await Revoke(sessionId, RevocationReason.Logout))
        {
            // A logout sent again (its first answer was lost) may reach a copy that never held the session, or learnt of
            // its end from the store, while the first attempt's push is still on its way: every node forgets it now.
            await revocations.BroadcastAsync([sessionId]);
        }
    }

    public Task<IssuedTokens?> Reauthenticate(string sessionId)
    {
        Touch();
        return ChangeAsync(book => book.Reauthenticate(sessionId, Now));
    }

    public Task UpdateRoles(UserRoles roles)
    {
        Touch();
        return ChangeAsync(book => book.UpdateRoles(roles));
    }

    public Task UpdateRoles(IReadOnlyList<string> roles)
    {
        Touch();
        return ChangeAsync(book => book.UpdateRolesFromOlderRelease(roles));
    }

    public async Task<int> RevokeAll(string? keepSessionId, RevocationReason reason = RevocationReason.LogoutAll)
    {
        Touch();
        var revoked = await ChangeAsync(book => book.RevokeAll(keepSessionId, Now, reason), endsSessions: true);
        LogRevokedAll(logger, revoked, this.GetPrimaryKeyString());
        return revoked;
    }

    public async Task<int> RevokeBeforePasswordVersion(int passwordVersion, string? keepSessionId)
    {
        Touch();
        var revoked = await ChangeAsync(book => book.RevokeBeforePasswordVersion(passwordVersion, keepSessionId, Now), endsSessions: true);
        LogPasswordChanged(logger, revoked, this.GetPrimaryKeyString(), passwordVersion);
        return revoked;
    }

    /// <summary>
    /// Applies a change the caller asked for and stores it, or undoes it and fails. Sessions it ended are then
    /// pushed to every Api node's cache before the call returns, so no node answers for them afterwards. A call that
    /// <paramref name="endsSessions"/> but found nothing to end here wrote nothing, so no ETag check stood for this
    /// copy's memory: it looks at the store, and applies itself again on what another copy stored there.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<SessionBook, T> change, bool endsSessions = false)
    {
        var memoryConfirmed = await RereadIfStaleAsync();
        try
        {
            var etag = state.Etag;
            var result = await ApplyAndStoreAsync(change);
            if (!endsSessions || memoryConfirmed || state.Etag != etag || !await FollowStoreIfAnotherCopyWroteAsync())
            {
                return result;
            }

            return await ApplyAndStoreAsync(change);
        }
        catch (InconsistentStateException)
        {
            // Another copy wrote first (a membership change): apply the change once more on what it stored.
            await RereadIfStaleAsync();
            return await ApplyAndStoreAsync(change);
        }
    }

    private async Task<T> ApplyAndStoreAsync<T>(Func<SessionBook, T> change)
    {
        var snapshot = _book.TakeSnapshot();
        var result = change(_book);
        if (_book.HasUnsavedChanges)
        {
            Exception? failure = null;
            try
            {
                await PersistAsync();
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            // The store may have answered with an error (or not in time) after writing the change: then it is done. But
            // a primary that took the write without replicas to confirm it in time (ReplicasBehindException) holds a
            // change a failover could still take away: it fails like any other, memory goes back to before it, and the
            // next write (the flush, or the caller's retry) replaces the unconfirmed copy (the ETag is already the
            // primary's).
            var replicasBehind = ReplicasBehindException.IsIn(failure);
            if (failure is not null && (replicasBehind || failure is InconsistentStateException || !await StoredAnywayAsync()))
            {
                _book.Restore(snapshot);
                if (replicasBehind)
                {
                    _book.MarkUnsaved();
                    Touch();
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            var ended = _book.EndedSince(snapshot);
            await revocations.BroadcastAsync(ended);
            if (ended.Count > 0)
            {
                await HoldForStaleCopiesAsync();
            }

        }
        else if (result is bool or int)
        {
            // A repeated revoke or logout (the first answer was lost) confirms an end: it waits like the first.
            await HoldForStaleCopiesAsync();
        }

        return result;
    }

    /// <summary>
    /// After a write that failed without a conflict (a timeout, a dropped connection), whether the store holds what
    /// this copy wrote anyway: then the change is done, and reporting a failure would leave a session opened (or a
    /// revoke made) behind a 503. The whole state is compared in its stored form, so a change that keeps every session
    /// and generation (claims, roles, an event) counts only when it is there. Unknown when the store cannot be read:
    /// then the change counts as failed.
    /// </summary>
    private async Task<bool> StoredAnywayAsync()
    {
        var cleared = _book.IsEmpty; // PersistAsync deleted the record
        var serializer = ServiceProvider.GetRequiredService<Serializer>();
        var written = cleared ? [] : serializer.SerializeToArray(state.State);
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception)
        {
            // Unknown (the store is out of reach): the change counts as failed. Memory goes back to what was stored
            // before it, and validation goes on from it through the outage; if the write did land, the ETag refuses
            // this copy's next write, which then re-reads.
            return false;
        }

        var stored = cleared ? !state.RecordExists : written.AsSpan().SequenceEqual(serializer.SerializeToArray(state.State));
        if (!stored)
        {
            _mustReread = true; // the read brought the store's ETag: memory must follow it before the next write
            return false;
        }

        _version.Written();
        Saved();
        return true;
    }

    /// <summary>The book over what the state holds now (after activation, or after a re-read).</summary>
    private SessionBook NewBook() => new(policy.Value, state.State, texts, _devices, eventSettings.Value.Enabled);

    /// <summary>
    /// After a call that stored everything it changed (a sign-in): the timer only when it has something to do, so a
    /// user who signs in and never calls again (most new users) costs no timer ticks.
    /// </summary>
    private void ArmMaintenanceIfNeeded()
    {
        if (HasMaintenanceWork())
        {
            Touch();
        }
    }

    /// <summary>What the maintenance timer is for: unstored changes or activity, or a session ending before collection.</summary>
    private bool HasMaintenanceWork() =>
        _book.IsUnsaved || _book.NextExpiry() < Now + TimeSpan.FromMinutes(IdleMinutesBeforeCollection);

    /// <summary>Notes a call, and arms the maintenance timer if it is not running.</summary>
    private void Touch()
    {
        _calledSinceTick = true;
        var interval = policy.Value.MaintenanceInterval;
        _maintenance ??= this.RegisterGrainTimer(MaintainAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = false });
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        _book.PruneExpired(Now);
        await FlushAsync();
        var idle = !_calledSinceTick && !HasMaintenanceWork();
        _calledSinceTick = false;
        if (idle)
        {
            // Nothing left to do before Orleans collects this idle activation (which flushes anything later).
            _maintenance?.Dispose();
            _maintenance = null;
        }
    }

    /// <summary>Stores pruned sessions now; activity alone waits for the timer.</summary>
    private Task FlushChangesAsync() => _book.HasUnsavedChanges ? FlushAsync() : Task.CompletedTask;

    /// <summary>
    /// Best effort: what could not be stored stays pending for the next flush. Memory that must follow the store first
    /// (another copy wrote) re-reads it before writing, never over it.
    /// </summary>
    private async Task FlushAsync()
    {
        if (!_book.IsUnsaved)
        {
            return;
        }

        try
        {
            if (_mustReread)
            {
                await RereadIfStaleAsync();
                if (!_book.IsUnsaved)
                {
                    return;
                }
            }

            await PersistAsync();
        }
        catch (Exception ex)
        {
            LogFlushFailed(logger, ex.GetType().Name);
        }
    }

    private async Task PersistAsync()
    {
        try
        {
            if (_book.IsEmpty)
            {
                if (state.RecordExists)
                {
                    var kept = state.State;
                    kept.Version = _version.Next(Now); // held, not stored: a store that loses the delete is then older
                    await state.ClearStateAsync();
                    state.State = kept; // clearing replaces the state object; the book keeps working on this one
                    _version.Written();
                }
            }
            else
            {
                _book.WriteTo(state.State);
                state.State.Version = _version.Next(Now);
                await state.WriteStateAsync();
                _version.Written();
            }

            Saved();
        }
        catch (InconsistentStateException)
        {
            _mustReread = true;
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>After the store took what memory holds: counts it, and delivers the events it stored.</summary>
    private void Saved()
    {
        _book.MarkSaved();
        metrics.Record(_book.TakeTally());
        ReportCount();
        AfterWrite();
    }

    /// <summary>Keeps this silo's gauge in step with the sessions this grain holds (counted once stored).</summary>
    private void ReportCount()
    {
        gauge.Move(_reportedSessions, _book.Count);
        _reportedSessions = _book.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} opened for user {UserId} ({Evicted} evicted by the limit)")]
    private static partial void LogOpened(ILogger logger, string sessionId, string userId, int evicted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} of user {UserId} revoked")]
    private static partial void LogRevoked(ILogger logger, string sessionId, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} session(s) of user {UserId} revoked")]
    private static partial void LogRevokedAll(ILogger logger, int count, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} session(s) of user {UserId} revoked by the change to password version {PasswordVersion}")]
    private static partial void LogPasswordChanged(ILogger logger, int count, string userId, int passwordVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store session changes ({ExceptionType}); they stay pending")]
    private static partial void LogFlushFailed(ILogger logger, string exceptionType);
}
