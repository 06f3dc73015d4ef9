namespace OrleansSessions.Abstractions.Throttling;

/// <summary>
/// Password checks of one account (key: normalised email) within the failure window, per client network and from
/// all networks together, counted cluster-wide. A check is reserved before the password is verified and counts as a
/// failure until it is reported right.
/// </summary>
[Alias("os.IAccountThrottleGrain")]
public interface IAccountThrottleGrain : IGrainWithStringKey
{
    /// <summary>Reserves one password check from <paramref name="clientNetwork"/>, or refuses it.</summary>
    [Alias("Reserve")]
    Task<GuessReservation> Reserve(string clientNetwork);

    /// <summary>The reserved check found a wrong password: it stays counted as a failure. True when it locked the account.</summary>
    [Alias("Fail")]
    Task<bool> Fail(long ticket);

    /// <summary>The reserved check found the right password: it is taken back, with the failures from its network.</summary>
    [Alias("Succeed")]
    Task Succeed(string clientNetwork, long ticket);

    /// <summary>
    /// The caller asked to store the <c>account.locked</c> event of the lock in force is done: it is stored (or there is
    /// no account to tell of it), or it could not be, and the next refused check is asked.
    /// </summary>
    [Alias("LockReportDone")]
    Task LockReportDone(bool stored);
}
