using Microsoft.Extensions.Logging;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// The grain's events: stored in the outbox by the write that stores their change, then handed to the event log by a
/// timer turn right after that write (never on the caller's path), and dropped from the outbox (with the next flush)
/// once the log has them. An append that fails is tried again with backoff; a crash before the outbox is cleared, or
/// a failed append call this grain shared with others (some of whose events may be in), only repeats events under
/// their own ids.
/// <para>A reminder exists while the user has sessions or undelivered events, due at the next expiry: it wakes a
/// grain whose user never returns, so <c>session.expired</c> is sent, and it brings back a grain whose silo died with
/// events still in its outbox. It is registered before the first session is stored (so a kill right after the answer
/// cannot leave a stored session nobody will wake), then kept at the next expiry after each change.</para>
/// </summary>
internal sealed partial class UserSessionsGrain : IRemindable
{
    private const string ExpiryReminderName = "expiry";

    /// <summary>Reminders tick at least a minute apart (Orleans' minimum).</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan MaxAppendBackoff = TimeSpan.FromSeconds(30);

    private IGrainTimer? _delivery;
    private bool _hasReminder;
    private DateTimeOffset? _reminderDue;
    private int _appendFailures;

    private string UserId => this.GetPrimaryKeyString();

    public async Task AccountLocked(string? ipAddress)
    {
        Touch();
        await EnsureReminderBeforeFirstSessionAsync();
        await ChangeAsync(book =>
        {
            book.AccountLocked(ipAddress, Now);
            return true;
        });
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _hasReminder = true; // it exists, whatever the state says: unregistered after this turn if nothing is left
        _reminderDue = null; // ticking now: re-registered for the next expiry after this turn's delivery
        _book.PruneExpired(Now);
        await FlushAsync();
        ArmDelivery(TimeSpan.Zero);
    }

    /// <summary>On activation: a stored user with sessions or undelivered events has a reminder (see the class comment).</summary>
    private void ResumeEvents()
    {
        _hasReminder = _book.Count > 0 || _book.Events.Outbox.Count > 0;
        if (_book.Events.Outbox.Count > 0)
        {
            ArmDelivery(TimeSpan.Zero);
        }
    }

    /// <summary>Before the first session is stored: its reminder, so a crash after the answer still wakes this user.</summary>
    private async Task EnsureReminderBeforeFirstSessionAsync()
    {
        if (_hasReminder || !_book.Events.Enabled)
        {
            return;
        }

        // Due soon: if this silo dies before the events are delivered, the grain is woken on another within a minute
        // or two. The delivery right after the write then moves it to the next expiry.
        await RegisterReminderAsync(Now + ReminderPeriod);
    }

    /// <summary>After every successful write: deliver what the write stored, and keep the reminder in step.</summary>
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
                await eventLog.AppendAsync(UserId, batch);
                _book.EventsDelivered(batch.Count);
                eventMetrics.Appended(batch.Count);
                _appendFailures = 0;
                if (_book.Count == 0 && _book.Events.Outbox.Count == 0)
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
                return;
            }
        }

        await SaveDevicesAsync();
        await KeepReminderAsync();
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

    private async Task KeepReminderAsync()
    {
        if (!_book.Events.Enabled)
        {
            return;
        }

        try
        {
            if (_book.Count == 0 && _book.Events.Outbox.Count == 0)
            {
                if (_hasReminder && await this.GetReminder(ExpiryReminderName) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }

                _hasReminder = false;
                _reminderDue = null;
                return;
            }

            // Undelivered events (the log was away): come back within a minute. Otherwise: at the next expiry, moved
            // only when it is earlier than the reminder, or when the reminder would wake the grain for nothing.
            var target = _book.Events.Outbox.Count > 0 ? Now + ReminderPeriod : _book.NextExpiry() ?? Now + ReminderPeriod;
            if (!_hasReminder || _reminderDue is not { } due || target < due || target - due > ReminderPeriod)
            {
                await RegisterReminderAsync(target);
            }
        }
        catch (Exception ex)
        {
            // The reminder registered before stays (it ticks every minute once due); the next change tries again.
            LogReminderFailed(logger, UserId, ex.GetType().Name);
        }
    }

    private async Task RegisterReminderAsync(DateTimeOffset due)
    {
        var wait = due - Now;
        await this.RegisterOrUpdateReminder(ExpiryReminderName, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ReminderPeriod);
        _hasReminder = true;
        _reminderDue = due;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not append {Count} event(s) of user {UserId} to the event log ({ExceptionType}); they stay in the outbox")]
    private static partial void LogAppendFailed(ILogger logger, int count, string userId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped event {EventId} of user {UserId}: the outbox was full")]
    private static partial void LogEventDropped(ILogger logger, string eventId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the device history of user {UserId} ({ExceptionType})")]
    private static partial void LogDevicesNotSaved(ILogger logger, string userId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the expiry reminder of user {UserId} ({ExceptionType})")]
    private static partial void LogReminderFailed(ILogger logger, string userId, string exceptionType);
}
