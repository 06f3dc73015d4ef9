namespace OrleansSessions.Grains.Domain;

/// <summary>
/// Failed sign-ins per client network (<see cref="ClientNetwork"/>) within a sliding window, counted in this process:
/// for a sign-in that must keep working when the cluster does not (the operators' <c>/metrics</c> and dashboard), so it
/// cannot ask a grain. Once a network reaches <paramref name="limit"/> failures, every attempt from it is refused until
/// the oldest leaves the window, a right one too: a guesser learns nothing more. Holds at most
/// <paramref name="maxNetworks"/> networks; past that, networks with nothing in their window are forgotten, and if none
/// is, new networks share one count (<see cref="Overflow"/>), so addresses by the million cost no memory.
/// Safe to call from several threads.
/// </summary>
internal sealed class FailedSignIns(int limit, TimeSpan window, int maxNetworks = 10_000)
{
    /// <summary>The count shared by networks that arrive while the table is full.</summary>
    public const string Overflow = "*";

    private readonly Dictionary<string, AttemptWindow> _networks = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Limit => limit;

    /// <summary>Whether an attempt from <paramref name="network"/> may be checked at all; counts nothing.</summary>
    public ThrottleDecision Check(string network, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _networks.TryGetValue(network, out var failures) || _networks.TryGetValue(Overflow, out failures) && IsFull()
                ? failures.Check(now)
                : new ThrottleDecision(true, limit, limit, window);
        }
    }

    /// <summary>Counts a failed attempt from <paramref name="network"/>; the decision for the next one.</summary>
    public ThrottleDecision Failed(string network, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_networks.TryGetValue(network, out var failures))
            {
                if (IsFull())
                {
                    ForgetEmpty(now);
                }

                var key = IsFull() ? Overflow : network;
                if (!_networks.TryGetValue(key, out failures))
                {
                    failures = new AttemptWindow(limit, window);
                    _networks[key] = failures;
                }
            }

            return failures.Record(now);
        }
    }

    private bool IsFull() => _networks.Count >= maxNetworks;

    private void ForgetEmpty(DateTimeOffset now)
    {
        foreach (var (network, failures) in _networks)
        {
            if (failures.Check(now).Remaining == limit)
            {
                _networks.Remove(network);
            }
        }
    }
}
