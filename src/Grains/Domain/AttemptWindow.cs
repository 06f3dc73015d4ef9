namespace OrleansSessions.Grains.Domain;

/// <summary>
/// A sliding window: at most <paramref name="limit"/> attempts within <paramref name="window"/>. An attempt may carry a
/// key (<see cref="Holds"/>), for counts that take each different attempt once.
/// </summary>
internal sealed class AttemptWindow(int limit, TimeSpan window)
{
    private readonly Queue<(DateTimeOffset At, long Key)> _attempts = new();

    public ThrottleDecision Check(DateTimeOffset now)
    {
        Trim(now);
        var resetAfter = _attempts.Count == 0 ? window : _attempts.Peek().At + window - now;
        return new ThrottleDecision(_attempts.Count < limit, limit, Math.Max(0, limit - _attempts.Count), resetAfter);
    }

    public ThrottleDecision Record(DateTimeOffset now, long key = 0)
    {
        Trim(now);
        _attempts.Enqueue((now, key));
        return Check(now);
    }

    /// <summary>Records the attempt only if it is allowed.</summary>
    public ThrottleDecision TryAcquire(DateTimeOffset now)
    {
        var decision = Check(now);
        return decision.Allowed ? Record(now) with { Allowed = true } : decision;
    }

    /// <summary>Whether an attempt with <paramref name="key"/> is still within the window.</summary>
    public bool Holds(long key, DateTimeOffset now)
    {
        Trim(now);
        return _attempts.Any(a => a.Key == key);
    }

    private void Trim(DateTimeOffset now)
    {
        while (_attempts.Count > 0 && now - _attempts.Peek().At >= window)
        {
            _attempts.Dequeue();
        }
    }
}
