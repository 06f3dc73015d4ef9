using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Grains.Accounts;
using OrleansSessions.Grains.Roles;
using OrleansSessions.Grains.Throttling;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;

namespace OrleansSessions.Grains.SignIn;

/// <summary>
/// The sign-in flow, next to the grains it uses: throttle, prove, open. Each method is the whole choreography the
/// Api used to arrange with five calls; the identity read from the account goes straight into the user's grain.
/// Reentrant, and password hashing runs off the grain's turn (<see cref="PasswordHashing"/>: threads of its own): one
/// activation serves many sign-ins at once, each hashing in parallel, instead of one sign-in (hash and grain calls) at
/// a time per worker.
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
    private IRoleDirectoryGrain Roles => GrainFactory.GetGrain<IRoleDirectoryGrain>(0);

    public async Task<SignInResult> SignInWithPassword(PasswordSignIn request)
    {
        var proof = await ProveAsync(request.Email, request.Password, request.Session.ClientAddress);
        if (proof.Account is not { } credentials)
        {
            return proof.Failure();
        }

        var roles = await Roles.CurrentRolesAsync(credentials.UserId);
        var session = request.Session.For(UserIdentity.Password(credentials.Email, roles), credentials.PasswordVersion);
        var result = await OpenAsync(credentials.UserId, user => user.Open(session));
        if (result.Status == SignInStatus.Succeeded)
        {
            await CatchUpRolesAsync(credentials.UserId, roles);
        }

        return result;
    }

    /// <summary>
    /// A role change between reading <paramref name="read"/> and opening the session may have reached the user's grain
    /// before the session did (or found no sessions there to tell): the grain then took the older roles. Read again, and
    /// give the grain what changed; it keeps the later revision either way.
    /// </summary>
    private async Task CatchUpRolesAsync(string userId, UserRoles read)
    {
        var now = await Roles.CurrentRolesAsync(userId);
        if (now.Revision != read.Revision)
        {
            await GrainFactory.GetGrain<IUserSessionsGrain>(userId).TellRolesAsync(now);
        }
    }

    public Task<SignInResult> OpenForService(ServiceSignIn request) =>
        OpenAsync(ExternalUsers.GrainKey(request.ExternalUserId), user => user.OpenForService(request));

    public async Task<SignInResult> Reauthenticate(Reauthentication request)
    {
        var proof = await ProveAsync(request.Email, request.Password, request.ClientAddress, request.UserId);
        if (proof.Account is null)
        {
            return proof.Failure();
        }

        var tokens = await GrainFactory.GetGrain<IUserSessionsGrain>(request.UserId).Reauthenticate(request.SessionId);
        return tokens is null
            ? new SignInResult(SignInStatus.InvalidCredentials, null, null, null) // the session ended meanwhile
            : new SignInResult(SignInStatus.Succeeded, request.UserId, tokens, null);
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
        var proof = await ProveAsync(request.Email, request.CurrentPassword, request.ClientAddress, request.UserId);
        if (proof.Account is not { } credentials)
        {
            return new PasswordChangeResult(proof.Refused ? SignInStatus.Throttled : SignInStatus.InvalidCredentials, proof.Throttle);
        }

        var replacement = new PasswordReplacement(credentials.PasswordVersion, await hashing.HashAsync(request.NewPassword), request.SessionId);

        // False only when another change came first: the password proven here is no longer the account's.
        return await GrainFactory.GetGrain<IAccountGrain>(request.Email).ReplacePassword(replacement)
            ? new PasswordChangeResult(SignInStatus.Succeeded, null)
            : new PasswordChangeResult(SignInStatus.InvalidCredentials, null);
    }

    /// <summary>
    /// Opens the session in the user's grain and says how the sign-in went. A failure goes back to the caller, which
    /// may send the whole sign-in again with the same <see cref="NewSessionRequest.Opening"/> (the grain then answers
    /// the session it opened, if any); it is logged by its type, the hop that failed.
    /// </summary>
    private async Task<SignInResult> OpenAsync(string userId, Func<IUserSessionsGrain, Task<LoginOutcome>> open)
    {
        LoginOutcome opened;
        try
        {
            opened = await open(GrainFactory.GetGrain<IUserSessionsGrain>(userId));
        }
        catch (Exception ex)
        {
            LogOpenFailed(logger, userId, ex.GetType().Name);
            throw;
        }

        return opened switch
        {
            { Tokens: { } tokens } => new SignInResult(SignInStatus.Succeeded, userId, tokens, null),
            { PasswordOutdated: true } => new SignInResult(SignInStatus.InvalidCredentials, null, null, null),
            { SessionEnded: true } => new SignInResult(SignInStatus.Interrupted, userId, null, null),
            _ => new SignInResult(SignInStatus.SessionLimitReached, userId, null, null),
        };
    }

    /// <summary>
    /// The one password check: reserved with the throttle first, verified (a dummy hash for an unknown email, so
    /// both cost the same), then reported right or wrong; a proven hash of an older cost is stored again.
    /// <paramref name="userId"/>, when given, must be the account's user (the signed-in caller's own account).
    /// </summary>
    private async Task<PasswordProof> ProveAsync(string email, string password, string clientAddress, string? userId = null)
    {
        var check = await throttle.ReserveAsync(clientAddress, email);
        var account = GrainFactory.GetGrain<IAccountGrain>(email);
        if (check.Refused)
        {
            if (check.LockUnreported)
            {
                await ReportLockAsync(check, async () => (await account.GetCredentials())?.UserId, clientAddress);
            }

            return PasswordProof.RefusedBy(check.Decision);
        }

        var credentials = await account.GetCredentials();
        var verdict = await hashing.VerifyAsync(credentials?.PasswordHash, password);
        if (credentials is null || verdict == PasswordVerificationResult.Failed || (userId is not null && credentials.UserId != userId))
        {
            var (decision, locked) = await throttle.WrongPasswordAsync(check);
            if (locked)
            {
                await ReportLockAsync(check, () => Task.FromResult(credentials?.UserId), clientAddress);
            }

            return PasswordProof.Wrong(decision);
        }

        await throttle.RightPasswordAsync(check);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await UpgradeHashAsync(account, credentials, password);
        }

        return PasswordProof.Proven(credentials);
    }

    /// <summary>
    /// Stores <c>account.locked</c> in the user's outbox (delivered like the user's session events), then tells the
    /// throttle it is done. If it cannot be stored now, the answer goes out all the same (the attempt was wrong, or
    /// refused) and the next attempt the lock refuses tries again.
    /// </summary>
    /// <param name="check">The check the lock refused or that locked.</param>
    /// <param name="userIdOf">The account's user (null: no account), read inside the report's failure handling.</param>
    /// <param name="clientAddress">Where the attempt came from, as the event names it.</param>
    private async Task ReportLockAsync(PasswordCheck check, Func<Task<string?>> userIdOf, string clientAddress)
    {
        string? userId = null;
        var stored = false;
        try
        {
            userId = await userIdOf();
            if (userId is not null)
            {
                await GrainFactory.GetGrain<IUserSessionsGrain>(userId).AccountLocked(clientAddress);
            }

            stored = true;
        }
        catch (Exception ex)
        {
            LogLockNotReported(logger, userId ?? "(unknown)", ex.GetType().Name);
        }

        try
        {
            await throttle.LockReportDoneAsync(check, stored);
        }
        catch (Exception ex)
        {
            // The throttle did not hear it (a silo of an older release, or gone): it asks again after its claim runs out.
            LogLockReportNotHeard(logger, userId ?? "(no account)", stored, ex.GetType().Name);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opening a session for user {UserId} failed ({ExceptionType}); the sign-in may be sent again")]
    private static partial void LogOpenFailed(ILogger logger, string userId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lock of user {UserId}'s account could not be stored as an event ({ExceptionType}); the next refused attempt tries again")]
    private static partial void LogLockNotReported(ILogger logger, string userId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The throttle could not be told whether the lock event of user {UserId} was stored (stored: {Stored}; {ExceptionType})")]
    private static partial void LogLockReportNotHeard(ILogger logger, string userId, bool stored, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The password hash of user {UserId} could not be upgraded ({ExceptionType}); the next sign-in tries again")]
    private static partial void LogUpgradeFailed(ILogger logger, string userId, string exceptionType);
}
