using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSessions.Domain;
using OrleansSessions.Hosting;

namespace OrleansSessions.Sessions;

/// <summary>
/// A thin shell around <see cref="SessionBook"/>: one activation per user, state in grain storage.
/// Structural changes are written before the call returns; activity is flushed by a timer and on deactivation.
/// A failed write drops the activation, so the next call re-reads what the store really holds.
/// </summary>
[GrainType("user-sessions")]
public sealed partial class UserSessionsGrain(
    [PersistentState("sessions", GrainStorage.Sessions)] IPersistentState<UserSessionsState> state,
    IOptions<SessionPolicy> policy,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time,
    ILogger<UserSessionsGrain> logger) : Grain, IUserSessionsGrain
{
    private SessionBook _book = null!;

    private DateTimeOffset Now => time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _book = new SessionBook(this.GetPrimaryKeyString(), policy.Value, state.State);
        var interval = policy.Value.MaintenanceInterval;
        this.RegisterGrainTimer(MaintainAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_book.HasUnsavedActivity || _book.HasUnsavedChanges)
        {
            try
            {
                await PersistAsync();
            }
            catch (Exception ex)
            {
                LogFlushFailed(logger, ex, reason.ReasonCode);
            }
        }
    }

    public async Task<LoginOutcome> Open(NewSessionRequest request)
    {
        var outcome = _book.Open(request, Now);
        await SaveChangesAsync();
        return outcome;
    }

    public async Task<SessionStatus> Validate(string sessionId)
    {
        var status = _book.Validate(sessionId, Now);
        await SaveChangesAsync();
        return status;
    }

    public async Task<RefreshOutcome> Refresh(string refreshToken)
    {
        if (!RefreshTokenFormat.TryParse(refreshToken, out var userId, out var sessionId, out var secret)
            || userId != this.GetPrimaryKeyString())
        {
            return new RefreshOutcome(RefreshStatus.Invalid, null);
        }

        var outcome = _book.Refresh(sessionId, secret, Now);
        await SaveChangesAsync();
        return outcome;
    }

    public async Task<IReadOnlyList<SessionView>> List()
    {
        var sessions = _book.List(Now);
        await SaveChangesAsync();
        return sessions;
    }

    public async Task<int> Count()
    {
        var count = _book.CountActive(Now);
        await SaveChangesAsync();
        return count;
    }

    public async Task<bool> Revoke(string sessionId)
    {
        var revoked = _book.Revoke(sessionId, Now);
        await SaveChangesAsync();
        return revoked;
    }

    public async Task<int> RevokeAll(string? keepSessionId)
    {
        var revoked = _book.RevokeAll(keepSessionId, Now);
        await SaveChangesAsync();
        return revoked;
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        _book.PruneExpired(Now);
        if (_book.HasUnsavedChanges || _book.HasUnsavedActivity)
        {
            await PersistAsync();
        }
    }

    /// <summary>Writes structural changes now; activity alone waits for the timer.</summary>
    private Task SaveChangesAsync() => _book.HasUnsavedChanges ? PersistAsync() : Task.CompletedTask;

    private async Task PersistAsync()
    {
        try
        {
            if (_book.Count == 0)
            {
                if (state.RecordExists)
                {
                    var kept = state.State;
                    await state.ClearStateAsync();
                    state.State = kept; // clearing replaces the state object; the book keeps working on this one
                }
            }
            else
            {
                await state.WriteStateAsync();
            }

            _book.MarkSaved();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not flush session activity on deactivation ({Reason})")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, DeactivationReasonCode reason);
}
