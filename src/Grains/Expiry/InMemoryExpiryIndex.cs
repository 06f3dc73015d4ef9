namespace OrleansSessions.Grains.Expiry;

/// <summary>
/// Embedded mode: the index in memory, like the grain state (a restart loses both). Each shard keeps its entries
/// ordered by due time, so a sweep reads only the due ones, as a Redis sorted set does.
/// </summary>
internal sealed class InMemoryExpiryIndex : IExpiryIndex
{
    private readonly Lock _gate = new();
    private readonly Shard[] _shards = [.. Enumerable.Range(0, ExpiryShards.Count).Select(_ => new Shard())];

    public Task ScheduleAsync(string grainKey, DateTimeOffset due)
    {
        lock (_gate)
        {
            _shards[ExpiryShards.Of(grainKey)].Set(grainKey, due.ToUnixTimeMilliseconds());
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string grainKey)
    {
        lock (_gate)
        {
            _shards[ExpiryShards.Of(grainKey)].Remove(grainKey);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ClaimDueAsync(int shard, DateTimeOffset now, int count, DateTimeOffset retryAt)
    {
        lock (_gate)
        {
            var entries = _shards[shard];
            var nowMs = now.ToUnixTimeMilliseconds();
            List<string> due = [.. entries.ByDue.TakeWhile(e => e.Due <= nowMs).Take(count).Select(e => e.Key)];
            foreach (var grainKey in due)
            {
                entries.Set(grainKey, retryAt.ToUnixTimeMilliseconds());
            }

            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }

    /// <summary>One shard: each key's due time, and the entries ordered by due time, then key (as Redis orders ties).</summary>
    private sealed class Shard
    {
        private readonly Dictionary<string, long> _due = new(StringComparer.Ordinal);

        public SortedSet<(long Due, string Key)> ByDue { get; } = new(Comparer<(long Due, string Key)>.Create(
            static (a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : string.CompareOrdinal(a.Key, b.Key)));

        public void Set(string key, long due)
        {
            Remove(key);
            _due[key] = due;
            ByDue.Add((due, key));
        }

        public void Remove(string key)
        {
            if (_due.Remove(key, out var due))
            {
                ByDue.Remove((due, key));
            }
        }
    }
}
