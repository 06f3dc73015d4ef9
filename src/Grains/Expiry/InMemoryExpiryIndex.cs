namespace OrleansSessions.Grains.Expiry;

/// <summary>Embedded mode: the index in memory, like the grain state (a restart loses both).</summary>
internal sealed class InMemoryExpiryIndex : IExpiryIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long>[] _shards = [.. Enumerable.Range(0, ExpiryShards.Count).Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];

    public Task ScheduleAsync(string grainKey, DateTimeOffset due)
    {
        lock (_gate)
        {
            _shards[ExpiryShards.Of(grainKey)][grainKey] = due.ToUnixTimeMilliseconds();
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
            List<string> due = [.. entries.Where(e => e.Value <= nowMs).OrderBy(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(count).Select(e => e.Key)];
            foreach (var grainKey in due)
            {
                entries[grainKey] = retryAt.ToUnixTimeMilliseconds();
            }

            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }
}
