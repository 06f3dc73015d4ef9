namespace OrleansSessions.Grains.Domain;

/// <summary>
/// The password checks of one account within the failure window, each under the client network it came from: at most
/// <paramref name="perNetworkLimit"/> from one network (so a stranger's guesses do not lock the owner out of their own
/// network) and <paramref name="allNetworksLimit"/> from all of them together.
/// <para>A check is reserved before the password is verified and counts as a failure from then on, so guesses sent in
/// parallel cannot overtake the count: no more than the limit are ever let through to the password. A right password
/// takes back its own check and clears the failures settled from its network; checks still in flight stay counted,
/// and a check never reported (its caller crashed) counts as a failure until it leaves the window.</para>
/// <para>A lock's <c>account.locked</c> event is owed from the failure that locked until it is stored
/// (<see cref="LockReportDone"/>), or until no lock is in force. The failure that locked reports it; if that report
/// fails, the next check the lock refuses is asked to report it, one caller at a time (so parallel guesses make one
/// report, not one each, and a store that is away is tried by one refused attempt at a time). A caller that never says
/// how its report went (it crashed) loses its turn after <see cref="ReportClaim"/>.</para>
/// </summary>
internal sealed class PasswordGuesses(int perNetworkLimit, int allNetworksLimit, TimeSpan window)
{
    /// <summary>How long a caller asked to report the lock has before another is asked, if it never says how it went.</summary>
    public static readonly TimeSpan ReportClaim = TimeSpan.FromSeconds(30);

    /// <summary>Oldest first; never more than <paramref name="allNetworksLimit"/>.</summary>
    private readonly List<Guess> _guesses = [];
    private long _lastTicket;
    private bool _lockOwed;
    private DateTimeOffset _reportClaimedUntil;
    private DateTimeOffset _lastNow;

    /// <summary>Reserves a check from <paramref name="network"/>, or refuses it; the figures count it when reserved.</summary>
    public GuessReservation Reserve(string network, DateTimeOffset now)
    {
        Trim(now);
        _lastNow = now;
        var fromNetwork = CountFrom(network);
        if (fromNetwork >= perNetworkLimit)
        {
            return new GuessReservation(null, Figures(perNetworkLimit, fromNetwork, OldestFrom(network), now), ClaimReport(now));
        }

        if (_guesses.Count >= allNetworksLimit)
        {
            return new GuessReservation(null, Figures(allNetworksLimit, _guesses.Count, _guesses[0].At, now), ClaimReport(now));
        }

        if (_lockOwed && !AnyLockInForce())
        {
            _lockOwed = false; // the lock is over before its event could be stored: nothing is owed any more
        }

        var ticket = ++_lastTicket;
        _guesses.Add(new Guess(ticket, network, now, Settled: false));
        var networkFigures = Figures(perNetworkLimit, fromNetwork + 1, OldestFrom(network), now);
        var allFigures = Figures(allNetworksLimit, _guesses.Count, _guesses[0].At, now);
        return new GuessReservation(ticket, allFigures.Remaining < networkFigures.Remaining ? allFigures : networkFigures);
    }

    /// <summary>
    /// Whether a refused check from <paramref name="network"/> may yet go through: checks still in flight count
    /// against the limit that refused it, and a right password takes its check back. The caller then waits for them
    /// instead of answering 429 at once, so parallel logins with the right password are not refused.
    /// </summary>
    public bool MayOpenUp(string network) =>
        _guesses.Exists(g => !g.Settled && (string.Equals(g.Network, network, StringComparison.Ordinal) || _guesses.Count >= allNetworksLimit));

    /// <summary>
    /// The check found a wrong password: it stays counted, now as a settled failure of its network. True when this
    /// failure locked the account: it brought the settled failures of its network, or of all networks, to their limit
    /// (once per lock: the count reaches the limit exactly once until failures leave the window).
    /// </summary>
    public bool Fail(long ticket)
    {
        var index = _guesses.FindIndex(g => g.Ticket == ticket);
        if (index < 0 || _guesses[index].Settled)
        {
            return false;
        }

        var guess = _guesses[index] = _guesses[index] with { Settled = true };
        var settledFromNetwork = _guesses.Count(g => g.Settled && string.Equals(g.Network, guess.Network, StringComparison.Ordinal));
        var settled = _guesses.Count(g => g.Settled);
        var locked = settledFromNetwork == perNetworkLimit || settled == allNetworksLimit;
        if (locked)
        {
            _lockOwed = true;
            _reportClaimedUntil = _lastNow + ReportClaim; // the caller of this failure reports it
        }

        return locked;
    }

    /// <summary>
    /// The caller asked to report the lock is done: <paramref name="stored"/>, nothing is owed any more; otherwise the
    /// next refused check is asked.
    /// </summary>
    public void LockReportDone(bool stored)
    {
        _lockOwed &= !stored;
        _reportClaimedUntil = default;
    }

    /// <summary>Whether the caller of a refused check is to store the owed event (one caller at a time).</summary>
    private bool ClaimReport(DateTimeOffset now)
    {
        if (!_lockOwed || now < _reportClaimedUntil)
        {
            return false;
        }

        _reportClaimedUntil = now + ReportClaim;
        return true;
    }

    private bool AnyLockInForce() =>
        _guesses.Count(g => g.Settled) >= allNetworksLimit
        || _guesses.Where(g => g.Settled).GroupBy(g => g.Network, StringComparer.Ordinal).Any(n => n.Count() >= perNetworkLimit);

    /// <summary>The check found the right password: it goes, and so do the settled failures from <paramref name="network"/>.</summary>
    public void Succeed(string network, long ticket) =>
        _guesses.RemoveAll(g => g.Ticket == ticket || (g.Settled && string.Equals(g.Network, network, StringComparison.Ordinal)));

    private int CountFrom(string network)
    {
        var count = 0;
        foreach (var guess in _guesses)
        {
            if (string.Equals(guess.Network, network, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    private DateTimeOffset? OldestFrom(string network) =>
        _guesses.Find(g => string.Equals(g.Network, network, StringComparison.Ordinal))?.At;

    /// <summary>With <paramref name="counted"/> checks counted against <paramref name="limit"/>: whether one more may go, and when the oldest leaves.</summary>
    private ThrottleDecision Figures(int limit, int counted, DateTimeOffset? oldest, DateTimeOffset now) =>
        new(counted < limit, limit, Math.Max(0, limit - counted), oldest is { } at ? at + window - now : window);

    private void Trim(DateTimeOffset now)
    {
        var expired = 0;
        while (expired < _guesses.Count && now - _guesses[expired].At >= window)
        {
            expired++;
        }

        _guesses.RemoveRange(0, expired);
    }

    private sealed record Guess(long Ticket, string Network, DateTimeOffset At, bool Settled);
}
