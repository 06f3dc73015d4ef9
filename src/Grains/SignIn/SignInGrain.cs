using Orleans.Concurrency;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Grains.Accounts;
using OrleansSessions.Grains.Throttling;

namespace OrleansSessions.Grains.SignIn;

/// <summary>
/// The sign-in flow, next to the grains it uses: throttle, prove, open. Each method is the whole choreography the
/// Api used to arrange with five calls; the identity read from the account goes straight into the user's grain.
/// Reentrant, and password hashing runs on the thread pool: one activation serves many sign-ins at once, each
/// hashing in parallel as the Api did, instead of one sign-in (hash and grain calls) at a time per worker.
/// </summary>
[StatelessWorker]
[Reentrant]
[GrainType("sign-in")]
internal sealed class SignInGrain(PasswordHashing hashing, LoginThrottle throttle) : Grain, ISignInGrain
{
    private IRoleDirectoryGrain Roles => GrainFactory.GetGrain<IRoleDirectoryGrain>(0);

    public async Task<SignInResult> SignInWithPassword(PasswordSignIn request)
    {
        if (await throttle.RefusalAsync(request.Session.ClientAddress, request.Email) is { } refusal)
        {
            return SignInResult.Throttled(refusal);
        }

        var account = await GrainFactory.GetGrain<IAccountGrain>(request.Email).GetCredentials();
        if (!await hashing.VerifyAsync(account?.PasswordHash, request.Password) || account is null)
        {
            return SignInResult.WrongCredentials(await throttle.WrongPasswordAsync(request.Email));
        }

        await throttle.ResetAsync(request.Email);
        var identity = new UserIdentity(account.Email, await Roles.RolesOf(account.UserId));
        var opened = await GrainFactory.GetGrain<IUserSessionsGrain>(account.UserId).Open(request.Session.For(identity));
        return opened.Tokens is { } tokens
            ? new SignInResult(SignInStatus.Succeeded, account.UserId, tokens, null)
            : new SignInResult(SignInStatus.SessionLimitReached, account.UserId, null, null);
    }

    public async Task<SignInResult> Reauthenticate(Reauthentication request)
    {
        if (await throttle.RefusalAsync(request.ClientAddress, request.Email) is { } refusal)
        {
            return SignInResult.Throttled(refusal);
        }

        var credentials = await GrainFactory.GetGrain<IAccountGrain>(request.Email).GetCredentials();
        if (credentials is null || credentials.UserId != request.UserId || !await hashing.VerifyAsync(credentials.PasswordHash, request.Password))
        {
            return SignInResult.WrongCredentials(await throttle.WrongPasswordAsync(request.Email));
        }

        await throttle.ResetAsync(request.Email);
        var tokens = await GrainFactory.GetGrain<IUserSessionsGrain>(request.UserId).Reauthenticate(request.SessionId);
        return tokens is null
            ? new SignInResult(SignInStatus.InvalidCredentials, null, null, null) // the session ended meanwhile
            : new SignInResult(SignInStatus.Succeeded, request.UserId, tokens, null);
    }

    public async Task<RegistrationResult> Register(Registration request)
    {
        var account = GrainFactory.GetGrain<IAccountGrain>(request.Email);
        if (await account.GetCredentials() is not null)
        {
            return new RegistrationResult(null); // taken: no hash computed for it
        }

        var created = await account.Register(new NewAccount(await hashing.HashAsync(request.Password), request.DisplayName, []));
        return new RegistrationResult(created?.UserId);
    }

    public async Task<BootstrapOutcome> BootstrapAdmin(Registration request)
    {
        var account = GrainFactory.GetGrain<IAccountGrain>(request.Email);
        var existing = await account.GetCredentials()
            ?? await account.Register(new NewAccount(await hashing.HashAsync(request.Password), request.DisplayName, [Role.Admin]))
            ?? await account.GetCredentials(); // someone registered it a moment ago

        // An account created by this step is marked with the role at creation; any other was registered by someone.
        return existing is null || !existing.Roles.Contains(Role.Admin)
            ? BootstrapOutcome.EmailTakenByAnotherAccount
            : await Roles.GrantBootstrapAdmin(existing.UserId);
    }

    public async Task<PasswordChangeResult> ChangePassword(PasswordChange request)
    {
        if (await throttle.RefusalAsync(request.ClientAddress, request.Email) is { } refusal)
        {
            return new PasswordChangeResult(SignInStatus.Throttled, refusal);
        }

        var account = GrainFactory.GetGrain<IAccountGrain>(request.Email);
        var credentials = await account.GetCredentials();
        if (credentials is null || credentials.UserId != request.UserId || !await hashing.VerifyAsync(credentials.PasswordHash, request.CurrentPassword))
        {
            return new PasswordChangeResult(SignInStatus.InvalidCredentials, await throttle.WrongPasswordAsync(request.Email));
        }

        await account.ChangePassword(await hashing.HashAsync(request.NewPassword));
        await GrainFactory.GetGrain<IUserSessionsGrain>(credentials.UserId).RevokeAll(request.SessionId);
        return new PasswordChangeResult(SignInStatus.Succeeded, null);
    }
}
