using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.Grains.Accounts;

/// <summary>One account, keyed by normalised email; the grain's single-threaded turns make the email unique.</summary>
[GrainType("account")]
internal sealed partial class AccountGrain(
    [PersistentState("account", GrainStorage.Accounts)] IPersistentState<AccountState> state,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time,
    MembershipWatch membership,
    ILogger<AccountGrain> logger) : Grain, IAccountGrain
{
    private VersionedState<AccountState> _stored = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = new VersionedState<AccountState>(state, membership, ServiceProvider.GetService<SharedRedisConnection>(), time, DelayDeactivation);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _stored.RecheckBeforeLeavingAsync(logger); // a change Redis lost may still be only in memory

    public async Task<AccountCredentials?> Register(NewAccount account)
    {
        if (_stored.Exists)
        {
            return null;
        }

        state.State = new AccountState
        {
            UserId = SecureTokens.NewUserId(),
            PasswordHash = account.PasswordHash,
            DisplayName = account.DisplayName,
            Roles = [.. account.Roles],
            CreatedAt = time.GetUtcNow(),
        };
        await _stored.WriteOrLeaveAsync(DeactivateOnIdle);
        return Credentials();
    }

    /// <summary>
    /// The new hash, the next version and the duty to end the old password's sessions are one write: if it is stored,
    /// the revocation happens before this returns, or (when the user's grain cannot be reached) before the next
    /// sign-in reads these credentials. If it is not stored, nothing changed.
    /// </summary>
    public async Task<bool> ReplacePassword(PasswordReplacement replacement)
    {
        await _stored.RecheckAsync(); // a record only in memory is stored first, so a failure below loses nothing
        if (!_stored.Exists || state.State.PasswordVersion != replacement.ProvenVersion)
        {
            return false;
        }

        state.State.PasswordHash = replacement.NewPasswordHash;
        state.State.PasswordVersion++;
        state.State.RevocationDue = new PendingRevocation(state.State.PasswordVersion, replacement.KeepSessionId);
        await _stored.WriteOrLeaveAsync(DeactivateOnIdle);
        await RevokeDueSessionsAsync();
        return true;
    }

    public async Task<bool> UpgradePasswordHash(int passwordVersion, string newPasswordHash)
    {
        await _stored.RecheckAsync();
        if (!_stored.Exists || state.State.PasswordVersion != passwordVersion)
        {
            return false;
        }

        state.State.PasswordHash = newPasswordHash;
        await _stored.WriteOrLeaveAsync(DeactivateOnIdle);
        return true;
    }

    public async Task<AccountCredentials?> GetCredentials()
    {
        await _stored.RecheckAsync();
        if (!_stored.Exists)
        {
            return null;
        }

        await RevokeDueSessionsAsync();
        return Credentials();
    }

    public async Task<AccountProfile?> GetProfile()
    {
        await _stored.RecheckAsync();
        return _stored.Exists
            ? new AccountProfile(state.State.UserId, this.GetPrimaryKeyString(), state.State.DisplayName, state.State.Roles.ToArray(), state.State.CreatedAt)
            : null;
    }

    /// <summary>
    /// Ends the sessions of older passwords if a change still owes that. The user's grain does it at most once per
    /// version, so a repeat (the duty's clearing was not stored) changes nothing.
    /// </summary>
    private async Task RevokeDueSessionsAsync()
    {
        if (state.State.RevocationDue is not { } due)
        {
            return;
        }

        await GrainFactory.GetGrain<IUserSessionsGrain>(state.State.UserId).RevokeBeforePasswordVersion(due.PasswordVersion, due.KeepSessionId);
        state.State.RevocationDue = null;
        try
        {
            await _stored.WriteAsync();
        }
        catch (Exception ex)
        {
            // The revocation is done; the store still holding the duty only means a harmless repeat later.
            LogDutyNotCleared(logger, ex.GetType().Name);
        }
    }

    private AccountCredentials Credentials() =>
        new(state.State.UserId, this.GetPrimaryKeyString(), state.State.PasswordHash, state.State.Roles.ToArray(), state.State.PasswordVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sessions of the old password were revoked, but clearing that duty was not stored ({ExceptionType})")]
    private static partial void LogDutyNotCleared(ILogger logger, string exceptionType);
}
