using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Grains.Throttling;

/// <summary>
/// Password-check throttling through the throttle grains, so the counts are exact across the cluster: attempts per
/// client network per minute, and password checks per account (per client network and from all of them together)
/// within the failure window. A check is reserved before the password is verified, so parallel guesses cannot get
/// past the limit; it is then reported wrong (it stays a failure) or right (it is taken back).
/// </summary>
internal sealed class LoginThrottle(IGrainFactory grains, SessionMetrics metrics)
{
    /// <summary>Reserves one password check of the account for this client, or says why it is refused.</summary>
    public async Task<PasswordCheck> ReserveAsync(string clientAddress, string normalizedEmail)
    {
        var network = ClientNetwork.Of(clientAddress);
        var client = await grains.GetGrain<IClientThrottleGrain>(network).Acquire();
        var reservation = client.Allowed ? await Account(normalizedEmail).Reserve(network) : new GuessReservation(null, client);
        if (reservation.Ticket is null)
        {
            metrics.Throttled();
        }

        return new PasswordCheck(normalizedEmail, network, reservation.Ticket, reservation.Decision, reservation.LockUnreported);
    }

    /// <summary>
    /// The password was wrong: the check stays counted. The figures for the answer's rate-limit headers, and whether
    /// this failure locked the account.
    /// </summary>
    public async Task<(ThrottleDecision Decision, bool Locked)> WrongPasswordAsync(PasswordCheck check)
    {
        metrics.LoginFailed();
        var locked = await Account(check.Email).Fail(Ticket(check));
        return (check.Decision, locked);
    }

    /// <summary>The password was right: the check is taken back, with the failures from the same network.</summary>
    public Task RightPasswordAsync(PasswordCheck check) => Account(check.Email).Succeed(check.Network, Ticket(check));

    /// <summary>Whether the lock's <c>account.locked</c> event is stored (or there is no account to tell of it).</summary>
    public Task LockReportDoneAsync(PasswordCheck check, bool stored) => Account(check.Email).LockReportDone(stored);

    private static long Ticket(PasswordCheck check) =>
        check.Ticket ?? throw new InvalidOperationException("A refused check has no password to report on.");

    private IAccountThrottleGrain Account(string normalizedEmail) => grains.GetGrain<IAccountThrottleGrain>(normalizedEmail);
}
