namespace OrleansSessions.Grains.Expiry;

/// <summary>
/// The users whose grains must be woken at a given time (their next session expiry, or soon when events are still
/// undelivered), spread over <see cref="ExpiryShards.Count"/> shards, each swept by one <see cref="ExpirySweeperGrain"/>.
/// A user's grain writes its own entry: before its first session is stored, and after each delivery. A sweeper claims
/// the entries that are due by moving them a retry delay ahead, then wakes their grains, which write them again; an
/// entry whose grain could not be woken is claimed again once the delay has passed. Redis in cluster mode (next to the
/// grain state, so it outlives any silo), memory in embedded mode (as the state is).
/// </summary>
internal interface IExpiryIndex
{
    /// <summary>Sets when the grain of <paramref name="grainKey"/> must be woken (adds the entry or moves it).</summary>
    Task ScheduleAsync(string grainKey, DateTimeOffset due);

    /// <summary>The grain of <paramref name="grainKey"/> has nothing left to wake for.</summary>
    Task RemoveAsync(string grainKey);

    /// <summary>
    /// Up to <paramref name="count"/> entries of <paramref name="shard"/> due at <paramref name="now"/>, earliest first,
    /// each moved to <paramref name="retryAt"/> in the same step (so two sweeps never take the same entry twice in a row,
    /// and an entry whose grain does not answer comes back then). An entry removed meanwhile stays removed.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimDueAsync(int shard, DateTimeOffset now, int count, DateTimeOffset retryAt);
}
