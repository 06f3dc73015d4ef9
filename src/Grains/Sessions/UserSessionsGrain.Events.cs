using Microsoft.Extensions.Logging;
using OrleansSessions.Abstractions.Events;
using OrleansSessions.Grains.Expiry;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// The grain's events: stored in the outbox by the write that stores their change, then handed to the event log by a
/// timer turn right after that write (never on the caller's path), and dropped from the outbox (with the next flush)
/// once the log has them. An append that fails is tried again with backoff; a crash before the outbox is cleared, or
/// a failed append call this grain shared with others (some of whose events may be in), only repeats events under
/// their own ids.
/// <para>The user has an entry in the expiry index (<see cref="IExpiryIndex"/>) while they have sessions or
/// undelivered events, due at the next expiry: a sweeper wakes a grain whose user never returns, so
/// <c>session.expired</c> is sent, and brings back a grain whose silo died with events still in its outbox. The entry
/// is written before the first session is stored (so a kill right after the answer cannot leave a stored session
/// nobody will wake), then kept at the next expiry after each delivery.</para>
/// </summary>
internal sealed partial class UserSessionsGrain : IExpiryWakeUpGrain, IRemindable
{
    /// <summary>How soon a user with undelivered events is woken again, and how far a due time may drift before it is moved.</summary>
    private static readonly TimeSpan WakeUpSlack = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan MaxAppendBackoff = TimeSpan.FromSeconds(30);

    private IGrainTimer? _delivery;
    private bool _indexed;
    private DateTimeOffset? _indexedDue;
    private int _appendFailures;
    private string? _eventUserId;

    private string UserId => this.GetPrimaryKeyString();

    /// <summary>The user id events state (<see cref="ExternalUsers.UserIdOf"/>): a backend's user is named as the backend named them.</summary>
    private string EventUserId => _eventUserId ??= ExternalUsers.UserIdOf(UserId);

    public async Task AccountLocked(string? ipAddress)
    {
        Touch();
        await EnsureIndexedBeforeFirstSessionAsync();
        await ChangeAsync(book =>
        {
            book.AccountLocked(ipAddress, Now);
            return true;
        });
    }

    public async Task WakeUp()
    {
        await EndExpiredAfterClaimAsync();
        ArmDelivery(TimeSpan.Zero);
    }

    /// <summary>
    /// A per-user expiry reminder, as versions before the expiry index registered them (a rolling upgrade): the user
    /// is indexed instead, then the reminder goes. If the index cannot be written, the reminder stays and ticks again.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await EndExpiredAfterClaimAsync();
        await IndexAsync();
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        ArmDelivery(TimeSpan.Zero);
    }

    /// <summary>
    /// Woken for an expiry: the entry exists, whatever the state says, with a due time this grain no longer knows (the
    /// sweeper moved it), so it is written again after this turn's delivery. Ends what expired meanwhile.
    /// </summary>
    private async Task EndExpiredAfterClaimAsync()
    {
        _indexed = true;
        _indexedDue = null;
        _book.PruneExpired(Now);
        await FlushAsync();
    }

    /// <summary>On activation: a stored user with sessions or undelivered events has an index entry (see the class comment).</summary>
    private void ResumeEvents()
    {
        _indexed = _book.Events.Enabled && !_book.IsEmpty;
        if (_book.Events.Outbox.Count > 0)
        {
            ArmDelivery(TimeSpan.Zero);
        }
    }

    /// <summary>After memory followed the store (another copy wrote): the index entry is what an activation assumes.</summary>
    private void FollowStoredIndex()
    {
        _indexed = _book.Events.Enabled && !_book.IsEmpty;
        _indexedDue = null;
    }

    /// <summary>Before the first session is stored: its index entry, so a crash after the answer still wakes this user.</summary>
    private async Task EnsureIndexedBeforeFirstSessionAsync()
    {
        if (_indexed || !_book.Events.Enabled)
        {
            return;
        }

        // Due soon: if this silo dies before the events are delivered, the grain is woken on another within a minute
        // or two. The delivery right after the write then moves it to the next expiry.
        await ScheduleAsync(Now + WakeUpSlack);
    }

    /// <summary>After every successful write: deliver what the write stored, and keep the index entry in step.</summary>
    private void AfterWrite()
    {
        foreach (var dropped in _book.Events.Outbox.TakeDropped())
        {
            LogEventDropped(logger, dropped.Id, UserId);
            eventMetrics.Dropped(1);
        }

        ArmDelivery(TimeSpan.Zero);
    }

    private void ArmDelivery(TimeSpan dueTime)
    {
        _delivery ??= this.RegisterGrainTimer(DeliverAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _delivery.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        var pending = _book.Events.Outbox.Pending;
        if (pending.Count > 0)
        {
            var batch = pending.ToList();
            try
            {
                await eventLog.AppendAsync(EventUserId, batch);
                _book.EventsDelivered(batch.Count);
                eventMetrics.Appended(batch.Count);
                _appendFailures = 0;
                if (_book.IsEmpty)
                {
                    await FlushAsync(); // a user with nothing left leaves no key behind
                }
            }
            catch (Exception ex)
            {
                eventMetrics.AppendFailed();
                _appendFailures++;
                LogAppendFailed(logger, batch.Count, UserId, ex.GetType().Name);
                ArmDelivery(TimeSpan.FromMilliseconds(Math.Min(MaxAppendBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(_appendFailures, 10)))));

                // Undelivered events: the entry comes a minute ahead (at most one write a minute), so a silo lost before
                // the log is back has its user woken on another within a minute or two, not at the next expiry.
                await KeepIndexedAsync();
                return;
            }
        }

        await SaveDevicesAsync();
        await KeepIndexedAsync();
    }

    /// <summary>The device history changes seldom (a new device, or one not seen for a day): written apart, best effort.</summary>
    private async Task SaveDevicesAsync()
    {
        if (!_devices.HasUnsavedChanges)
        {
            return;
        }

        try
        {
            await devices.WriteStateAsync();
            _devices.MarkSaved();
        }
        catch (Exception ex)
        {
            LogDevicesNotSaved(logger, UserId, ex.GetType().Name);
        }
    }

    private async Task KeepIndexedAsync()
    {
        try
        {
            await IndexAsync();
        }
        catch (Exception ex)
        {
            // The entry written before stays (the sweeper claims it again every minute once due); the next change tries again.
            LogIndexFailed(logger, UserId, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Keeps the index entry in step: gone when nothing is left (or events were turned off since it was written, and
    /// the sweeper woke this grain), else due at the next expiry.
    /// </summary>
    private async Task IndexAsync()
    {
        if (!_book.Events.Enabled || _book.IsEmpty)
        {
            if (_indexed)
            {
                await expiryIndex.RemoveAsync(UserId);
            }

            _indexed = false;
            _indexedDue = null;
            return;
        }

        // Undelivered events (the log was away): come back within a minute. Otherwise: at the next expiry, moved only
        // when it is earlier than the entry, or when the entry would wake the grain for nothing.
        var target = _book.Events.Outbox.Count > 0 ? Now + WakeUpSlack : _book.NextExpiry() ?? Now + WakeUpSlack;
        if (!_indexed || _indexedDue is not { } due || target < due || target - due > WakeUpSlack)
        {
            await ScheduleAsync(target);
        }
    }

    private async Task ScheduleAsync(DateTimeOffset due)
    {
        await expiryIndex.ScheduleAsync(UserId, due);
        _indexed = true;
        _indexedDue = due;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not append {Count} event(s) of user {UserId} to the event log ({ExceptionType}); they stay in the outbox")]
    private static partial void LogAppendFailed(ILogger logger, int count, string userId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped event {EventId} of user {UserId}: the outbox was full")]
    private static partial void LogEventDropped(ILogger logger, string eventId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the device history of user {UserId} ({ExceptionType})")]
    private static partial void LogDevicesNotSaved(ILogger logger, string userId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the expiry index entry of user {UserId} ({ExceptionType})")]
    private static partial void LogIndexFailed(ILogger logger, string userId, string exceptionType);
}
