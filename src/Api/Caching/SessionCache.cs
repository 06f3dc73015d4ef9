using System.Collections.Concurrent;
using OrleansSessions.Abstractions.Revocation;

namespace OrleansSessions.Api.Caching;

/// <summary>
/// This node's memory of sessions its grains confirmed active, so most validations need no grain call: the node's
/// side of <see cref="SessionCacheProtocol"/> (its guarantee and timings are stated there). It answers only while the
/// node holds a lease, and only from answers to questions asked during the current unbroken lease; every session that
/// ends is pushed here before the call that ended it returns, and is not re-admitted for a while, in case a grain
/// answer from before the end arrives late.
/// </summary>
public sealed class SessionCache(TimeProvider time)
{
    private readonly long _entryTicks = Ticks(time, SessionCacheProtocol.EntryLifetime);
    private readonly long _revokedTicks = Ticks(time, SessionCacheProtocol.RevokedMemory);

    /// <summary>Session id → when its grain was asked the question it answered "active" to.</summary>
    private readonly ConcurrentDictionary<string, long> _askedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _revokedAt = new(StringComparer.Ordinal);

    /// <summary>
    /// The pushes of <see cref="_revokedAt"/> in the order they came (their timestamps in order but for concurrent pushes),
    /// so the ones whose memory has run out are dropped from the front, never one before its time: a push costs its own
    /// ids, not a scan of every id ended in the last minute.
    /// </summary>
    private readonly ConcurrentQueue<(string Id, long At)> _revokedOrder = new();
    private readonly Lock _revokedExpiry = new();
    private long _prunedAt;
    private long _leaseUntil;
    private long _leaseSince = long.MaxValue;

    public bool HasLease => time.GetTimestamp() < Volatile.Read(ref _leaseUntil);

    public int Count => _askedAt.Count;

    /// <summary>
    /// Whether a grain pushed <paramref name="sessionId"/> to this node as ended within <see cref="SessionCacheProtocol.RevokedMemory"/>:
    /// an end is final, so this node may refuse the session without asking its grain (which may be out of reach).
    /// </summary>
    public bool KnowsEnded(string sessionId) => _revokedAt.ContainsKey(sessionId);

    /// <summary>How many ended sessions this node still refuses to re-admit.</summary>
    public int RevokedCount => _revokedAt.Count;

    /// <summary>The moment to pass to <see cref="RememberActive(string, long)"/>: take it before asking the grain.</summary>
    public long Timestamp() => time.GetTimestamp();

    public bool IsActive(string sessionId)
    {
        var now = time.GetTimestamp();
        return now < Volatile.Read(ref _leaseUntil)
            && _askedAt.TryGetValue(sessionId, out var askedAt)
            && askedAt >= Volatile.Read(ref _leaseSince)
            && now - askedAt < _entryTicks;
    }

    /// <summary>The grain, asked just now, said the session is active.</summary>
    public void RememberActive(string sessionId) => RememberActive(sessionId, time.GetTimestamp());

    /// <summary>The grain, asked at <paramref name="askedAt"/> (a <see cref="Timestamp"/>), said the session is active.</summary>
    public void RememberActive(string sessionId, long askedAt)
    {
        if (!HasLease || askedAt < Volatile.Read(ref _leaseSince) || _revokedAt.ContainsKey(sessionId))
        {
            return;
        }

        _askedAt[sessionId] = askedAt;
        if (_revokedAt.ContainsKey(sessionId))
        {
            _askedAt.TryRemove(sessionId, out _); // pushed as ended while this was being written
        }

        if (_askedAt.Count > 100_000)
        {
            Prune();
        }
    }

    public void Forget(IEnumerable<string> sessionIds)
    {
        var now = time.GetTimestamp();
        foreach (var id in sessionIds)
        {
            _revokedAt[id] = now; // before the removal, so a concurrent RememberActive sees one or the other
            _revokedOrder.Enqueue((id, now));
            _askedAt.TryRemove(id, out _);
        }

        ForgetRevokedBefore(now - _revokedTicks);
    }

    /// <summary>Drops the memory of ids pushed before <paramref name="oldest"/>, unless pushed again since.</summary>
    private void ForgetRevokedBefore(long oldest)
    {
        // One drainer at a time: a head another thread took between look and take could be one still remembered.
        lock (_revokedExpiry)
        {
            while (_revokedOrder.TryPeek(out var head) && head.At < oldest)
            {
                _revokedOrder.TryDequeue(out _);
                _revokedAt.TryRemove(KeyValuePair.Create(head.Id, head.At)); // only if not pushed again since
            }
        }
    }

    /// <summary>
    /// The node may answer from the cache until <paramref name="until"/> (a <see cref="TimeProvider"/> timestamp).
    /// When the previous lease had already run out, this is a new lease: nothing learnt before it is answered.
    /// </summary>
    public void ExtendLease(long until)
    {
        var now = time.GetTimestamp();
        if (now >= Volatile.Read(ref _leaseUntil))
        {
            Volatile.Write(ref _leaseSince, now); // before the lease itself, so a reader that sees the lease sees this
        }

        Volatile.Write(ref _leaseUntil, until);
    }

    /// <summary>The lease is lost: answer nothing from memory, forget everything.</summary>
    public void Drop()
    {
        Volatile.Write(ref _leaseUntil, 0);
        _askedAt.Clear();
    }

    /// <summary>Drops entries that ran out; at most once per entry lifetime, however full the cache stays.</summary>
    private void Prune()
    {
        var now = time.GetTimestamp();
        var last = Volatile.Read(ref _prunedAt);
        if (now - last < _entryTicks || Interlocked.CompareExchange(ref _prunedAt, now, last) != last)
        {
            return;
        }

        foreach (var (id, askedAt) in _askedAt)
        {
            if (now - askedAt >= _entryTicks)
            {
                _askedAt.TryRemove(id, out _);
            }
        }
    }

    private static long Ticks(TimeProvider time, TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
