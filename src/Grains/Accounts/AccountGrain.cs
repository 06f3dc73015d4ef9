using Microsoft.Extensions.DependencyInjection;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Accounts;

/// <summary>One account, keyed by normalised email; the grain's single-threaded turns make the email unique.</summary>
[GrainType("account")]
internal sealed class AccountGrain(
    [PersistentState("account", GrainStorage.Accounts)] IPersistentState<AccountState> state,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time) : Grain, IAccountGrain
{
    public async Task<AccountCredentials?> Register(NewAccount account)
    {
        if (state.RecordExists)
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
        await WriteOrForgetAsync();
        return Credentials();
    }

    public async Task<bool> ChangePassword(string newPasswordHash)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        state.State.PasswordHash = newPasswordHash;
        await WriteOrForgetAsync();
        return true;
    }

    /// <summary>A write that fails leaves memory ahead of the store: drop the activation so the next call re-reads it.</summary>
    private async Task WriteOrForgetAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<AccountCredentials?> GetCredentials() =>
        Task.FromResult(state.RecordExists ? Credentials() : null);

    public Task<AccountProfile?> GetProfile() =>
        Task.FromResult(state.RecordExists
            ? new AccountProfile(state.State.UserId, this.GetPrimaryKeyString(), state.State.DisplayName, state.State.Roles.ToArray(), state.State.CreatedAt)
            : null);

    private AccountCredentials Credentials() =>
        new(state.State.UserId, this.GetPrimaryKeyString(), state.State.PasswordHash, state.State.Roles.ToArray());
}
