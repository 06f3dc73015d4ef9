using System.Collections.Concurrent;

namespace OrleansSessions.Api.Caching;

/// <summary>
/// This node's memory of sessions its grains confirmed active, so most validations need no grain call. It answers
/// only while the node holds a lease from the registry; every session that ends is pushed here before the call that
/// ended it returns. An entry lives two seconds at most, so activity still reaches the grain and expiry is seen.
/// A session pushed as ended is not re-admitted for a while, in case a grain answer from before the end arrives late.
/// </summary>
public sealed class SessionCache(TimeProvider time)
{
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RevokedMemory = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, long> _activeUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _revokedAt = new(StringComparer.Ordinal);
    private long _leaseUntil;

    public bool HasLease => time.GetTimestamp() < Interlocked.Read(ref _leaseUntil);

    public int Count => _activeUntil.Count;

    public bool IsActive(string sessionId) =>
        HasLease && _activeUntil.TryGetValue(sessionId, out var until) && time.GetTimestamp() < until;

    public void RememberActive(string sessionId)
    {
        if (!HasLease || _revokedAt.ContainsKey(sessionId))
        {
            return;
        }

        _activeUntil[sessionId] = time.GetTimestamp() + Ticks(EntryLifetime);
        if (_activeUntil.Count > 100_000)
        {
            Prune();
        }
    }

    public void Forget(IEnumerable<string> sessionIds)
    {
        var now = time.GetTimestamp();
        foreach (var id in sessionIds)
        {
            _revokedAt[id] = now;
            _activeUntil.TryRemove(id, out _);
        }

        foreach (var (id, at) in _revokedAt)
        {
            if (now - at > Ticks(RevokedMemory))
            {
                _revokedAt.TryRemove(id, out _);
            }
        }
    }

    /// <summary>The node may answer from the cache until <paramref name="until"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public void ExtendLease(long until) => Interlocked.Exchange(ref _leaseUntil, until);

    /// <summary>The lease is lost: answer nothing from memory, forget everything.</summary>
    public void Drop()
    {
        Interlocked.Exchange(ref _leaseUntil, 0);
        _activeUntil.Clear();
    }

    private void Prune()
    {
        var now = time.GetTimestamp();
        foreach (var (id, until) in _activeUntil)
        {
            if (until <= now)
            {
                _activeUntil.TryRemove(id, out _);
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
