using OrleansSessions.Abstractions.Calls;
namespace OrleansSessions.Abstractions.SignIn;

/// <summary>
/// The way into a session for a user who proves a password (a sign-in, a re-authentication): one call proves it,
/// applies throttling and opens the session, so the user's identity travels once, inside the cluster, and the Api
/// makes one grain call per sign-in. (A backend with a service key vouches for its user itself: the Api opens that
/// session on the user's grain directly, <see cref="Sessions.IUserSessionsGrain.OpenForService"/>.) A stateless
/// worker (key 0): it holds no state, and every silo runs it locally next to the caller. Its calls may wait their
/// turn at a busy user's grain (many logins of one user at once, each storing and pushing evictions), so they get
/// longer than the Api's default response timeout. A sign-in carries the session's id and refresh secret, chosen by the caller once
/// (<see cref="Sessions.SessionOpening"/>), so sending it again after a lost answer opens that one session, never a
/// second: the Api retries it while a silo stops or dies, as it retries reads.
/// </summary>
[Alias("os.ISignInGrain")]
public interface ISignInGrain : IGrainWithIntegerKey
{
    /// <summary>Checks the email and password (throttled), then opens a session for the account's user.</summary>
    [RetrySafe, ResponseTimeout("00:00:15")]
    [Alias("SignInWithPassword")]
    Task<SignInResult> SignInWithPassword(PasswordSignIn request);

    /// <summary>
    /// The service opening as Api nodes before 2026-12-01 ask for it: kept so they go on working beside silos of
    /// this release during a rolling deploy, and forwarded to <see cref="Sessions.IUserSessionsGrain.OpenForService"/>,
    /// where this release's Api nodes send it directly. Remove it once no Api node of an earlier release runs.
    /// </summary>
    [RetrySafe, ResponseTimeout("00:00:15")]
    [Alias("OpenForService")]
    Task<SignInResult> OpenForService(ServiceSignIn request);

    /// <summary>
    /// Creates an account, throttled per client address before anything else; the password is hashed only once the
    /// email is known to be free.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("Register")]
    Task<RegistrationResult> Register(Registration request);

    /// <summary>
    /// Proves the password again for a signed-in session (throttled like a login; a wrong one counts as a failed
    /// login): a new token pair of the same session whose <c>auth_time</c> is now.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("Reauthenticate")]
    Task<SignInResult> Reauthenticate(Reauthentication request);

    /// <summary>
    /// Start-up's bootstrap admin: creates the account with the admin role if no account has the email, and never
    /// grants it to an account someone else registered.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("BootstrapAdmin")]
    Task<Roles.BootstrapOutcome> BootstrapAdmin(Registration request);

    /// <summary>
    /// Proves the current password (throttled like a login), then stores the new one and revokes every other session
    /// in one step: no session proven with the old password is opened after it.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("ChangePassword")]
    Task<PasswordChangeResult> ChangePassword(PasswordChange request);
}
