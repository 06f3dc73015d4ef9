namespace OrleansSessions.Grains.Domain;

/// <summary>A sliding window: at most <paramref name="limit"/> attempts within <paramref name="window"/>.</summary>
internal sealed class AttemptWindow(int limit, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _attempts = new();

    public ThrottleDecision Check(DateTimeOffset now)
    {
        Trim(now);
        var resetAfter = _attempts.Count == 0 ? window : _attempts.Peek() + window - now;
        return new ThrottleDecision(_attempts.Count < limit, limit, Math.Max(0, limit - _attempts.Count), resetAfter);
    }

    public ThrottleDecision Record(DateTimeOffset now)
    {
        Trim(now);
        _attempts.Enqueue(now);
        return Check(now);
    }

    /// <summary>Records the attempt only if it is allowed.</summary>
    public ThrottleDecision TryAcquire(DateTimeOffset now)
    {
        var decision = Check(now);
        return decision.Allowed ? Record(now) with { Allowed = true } : decision;
    }

    private void Trim(DateTimeOffset now)
    {
        while (_attempts.Count > 0 && now - _attempts.Peek() >= window)
        {
            _attempts.Dequeue();
        }
    }
}
