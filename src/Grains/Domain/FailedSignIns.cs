namespace OrleansSessions.Grains.Domain;

/// <summary>What became of a sign-in attempt that <see cref="FailedSignIns"/> guarded.</summary>
internal enum GuardedSignIn
{
    Right,
    Wrong,

    /// <summary>Not checked at all: the network had reached the limit.</summary>
    Refused,
}

/// <summary>
/// Failed sign-ins per client network (<see cref="ClientNetwork"/>) within a sliding window, counted in this process:
/// for a sign-in that must keep working when the cluster does not (the operators' <c>/metrics</c> and dashboard), so it
/// cannot ask a grain.
/// <list type="bullet">
/// <item>Once a network holds <paramref name="limit"/> failures, every attempt from it is refused unchecked until the
/// oldest leaves the window, a right one too: a guesser learns nothing more.</item>
/// <item>Only different wrong credentials count: a dashboard tab or a scraper still sending an old password counts once,
/// so it does not lock its own network out.</item>
/// <item>The check and the count are one step under a lock, so parallel guesses cannot slip past the limit.</item>
/// <item>At most <paramref name="maxNetworks"/> networks are held. A new one beyond that first clears the networks
/// with nothing left in their window (a sweep at most once a second); if none, it pushes out the network counted
/// first. No shared count: a network with no failures of its own is never refused. (So a guesser who keeps more than
/// <paramref name="maxNetworks"/> networks failing within one window gets their oldest counts cleared as they go.)</item>
/// </list>
/// </summary>
internal sealed class FailedSignIns(int limit, TimeSpan window, int maxNetworks = 10_000)
{
    private readonly Dictionary<string, AttemptWindow> _networks = new(StringComparer.Ordinal);
    private readonly Queue<string> _arrivals = new();
    private readonly Lock _lock = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>
    /// Runs <paramref name="isRight"/> for an attempt from <paramref name="network"/> unless the network is at the
    /// limit, and counts it when wrong (<paramref name="guess"/> tells one wrong credential from another). The decision
    /// is for the network's next attempt.
    /// </summary>
    public (GuardedSignIn Outcome, ThrottleDecision Next) Attempt(string network, long guess, DateTimeOffset now, Func<bool> isRight)
    {
        lock (_lock)
        {
            _networks.TryGetValue(network, out var failures);
            if (failures?.Check(now) is { Allowed: false } refused)
            {
                return (GuardedSignIn.Refused, refused);
            }

            if (isRight())
            {
                return (GuardedSignIn.Right, failures?.Check(now) ?? new ThrottleDecision(true, limit, limit, window));
            }

            failures ??= Add(network, now);
            return (GuardedSignIn.Wrong, failures.Holds(guess, now) ? failures.Check(now) : failures.Record(now, guess));
        }
    }

    private AttemptWindow Add(string network, DateTimeOffset now)
    {
        if (_networks.Count >= maxNetworks && now - _lastSweep >= TimeSpan.FromSeconds(1))
        {
            _lastSweep = now;
            foreach (var (held, heldFailures) in _networks)
            {
                if (heldFailures.Check(now).Remaining == limit)
                {
                    _networks.Remove(held);
                }
            }

            if (_networks.Count < _arrivals.Count)
            {
                var kept = _arrivals.Where(_networks.ContainsKey).ToList();
                _arrivals.Clear();
                kept.ForEach(_arrivals.Enqueue);
            }
        }

        if (_networks.Count >= maxNetworks)
        {
            _networks.Remove(_arrivals.Dequeue());
        }

        var failures = new AttemptWindow(limit, window);
        _networks[network] = failures;
        _arrivals.Enqueue(network);
        return failures;
    }
}
