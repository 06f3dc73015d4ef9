using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Grains.Accounts;
using OrleansSessions.Grains.Throttling;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;

namespace OrleansSessions.Grains.SignIn;

/// <summary>
/// The sign-in flow, next to the grains it uses: throttle, prove, open. Each method is the whole choreography the
/// Api used to arrange with five calls; the identity read from the account goes straight into the user's grain.
/// Reentrant, and password hashing runs on the thread pool: one activation serves many sign-ins at once, each
/// hashing in parallel as the Api did, instead of one sign-in (hash and grain calls) at a time per worker.
/// <para>Every password check is reserved with the account's throttle before the hash is computed, so no more
/// guesses than the limit reach it, however many arrive at once; the session is opened for the password version
/// proven, which the user's grain refuses once the password has changed since.</para>
/// </summary>
[StatelessWorker]
[Reentrant]
[GrainType("sign-in")]
internal sealed partial class SignInGrain(
    PasswordHashing hashing,
    LoginThrottle throttle,
    RegistrationThrottle registrations,
    ILogger<SignInGrain> logger) : Grain, ISignInGrain
{
    public async Task<SignInResult> SignInWithPassword(PasswordSignIn request)
    {
        var check = await throttle.ReserveAsync(request.Session.ClientAddress, request.Email);
        if (check.Refused)
        {
            return SignInResult.Throttled(check.Decision);
        }

        var account = GrainFactory.GetGrain<IAccountGrain>(request.Email);
        var credentials = await account.GetCredentials();
        var verdict = await hashing.VerifyAsync(credentials?.PasswordHash, request.Password);
        if (credentials is null || verdict == PasswordVerificationResult.Failed)
        {
            return SignInResult.WrongCredentials(await throttle.WrongPasswordAsync(check));
        }

        await throttle.RightPasswordAsync(check);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await UpgradeHashAsync(account, credentials, request.Password);
        }

        var identity = new UserIdentity(credentials.Email, credentials.Roles.Union(request.ConfiguredRoles, StringComparer.Ordinal).ToArray());
        var opened = await GrainFactory.GetGrain<IUserSessionsGrain>(credentials.UserId)
            .Open(request.Session.For(identity, credentials.PasswordVersion));
        return opened switch
        {
            { Tokens: { } tokens } => new SignInResult(SignInStatus.Succeeded, credentials.UserId, tokens, null),
            { PasswordOutdated: true } => new SignInResult(SignInStatus.InvalidCredentials, null, null, null),
            _ => new SignInResult(SignInStatus.SessionLimitReached, credentials.UserId, null, null),
        };
    }

    public async Task<RegistrationResult> Register(Registration request)
    {
        var allowance = await registrations.AcquireAsync(request.ClientAddress);
        if (!allowance.Allowed)
        {
            return new RegistrationResult(null, allowance);
        }

        var account = GrainFactory.GetGrain<IAccountGrain>(request.Email);
        if (await account.GetCredentials() is not null)
        {
            return new RegistrationResult(null, allowance); // taken: no hash computed for it
        }

        var created = await account.Register(new NewAccount(await hashing.HashAsync(request.Password), request.DisplayName, []));
        return new RegistrationResult(created?.UserId, allowance);
    }

    public async Task<PasswordChangeResult> ChangePassword(PasswordChange request)
    {
        var check = await throttle.ReserveAsync(request.ClientAddress, request.Email);
        if (check.Refused)
        {
            return new PasswordChangeResult(SignInStatus.Throttled, check.Decision);
        }

        var account = GrainFactory.GetGrain<IAccountGrain>(request.Email);
        var credentials = await account.GetCredentials();
        if (credentials is null || credentials.UserId != request.UserId
            || await hashing.VerifyAsync(credentials.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            return new PasswordChangeResult(SignInStatus.InvalidCredentials, await throttle.WrongPasswordAsync(check));
        }

        await throttle.RightPasswordAsync(check);
        var replacement = new PasswordReplacement(credentials.PasswordVersion, await hashing.HashAsync(request.NewPassword), request.SessionId);

        // False only when another change came first: the password proven here is no longer the account's.
        return await account.ReplacePassword(replacement)
            ? new PasswordChangeResult(SignInStatus.Succeeded, null)
            : new PasswordChangeResult(SignInStatus.InvalidCredentials, null);
    }

    /// <summary>
    /// Stores the proven password again at today's hashing cost. Best effort: the sign-in goes ahead if it cannot be
    /// stored (the next one tries again), and a password changed meanwhile is never overwritten.
    /// </summary>
    private async Task UpgradeHashAsync(IAccountGrain account, AccountCredentials credentials, string password)
    {
        try
        {
            await account.UpgradePasswordHash(credentials.PasswordVersion, await hashing.HashAsync(password));
        }
        catch (Exception ex)
        {
            LogUpgradeFailed(logger, credentials.UserId, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The password hash of user {UserId} could not be upgraded ({ExceptionType}); the next sign-in tries again")]
    private static partial void LogUpgradeFailed(ILogger logger, string userId, string exceptionType);
}
