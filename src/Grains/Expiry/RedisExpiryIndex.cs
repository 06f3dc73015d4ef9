using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansSessions.Grains.Batching;
using OrleansSessions.Grains.Hosting;
using StackExchange.Redis;

namespace OrleansSessions.Grains.Expiry;

/// <summary>
/// Cluster mode: one Redis sorted set per shard, <c>{ServiceId}/expiry/{shard}</c>, of grain keys scored by the Unix
/// milliseconds they are due at. One <c>ZADD</c> per shard for a batch of users' changes, a <c>ZREM</c> per removal,
/// one script per sweep page; every command touches one key, so a Redis Cluster serves it too.
/// </summary>
internal sealed class RedisExpiryIndex : IExpiryIndex
{
    /// <summary>The most entries one batch of schedules carries (a <c>ZADD</c> per shard it touches).</summary>
    internal const int MaxSchedulesPerSend = 512;

    /// <summary>
    /// Takes up to <c>ARGV[2]</c> members of <c>KEYS[1]</c> scored at most <c>ARGV[1]</c>, earliest first, and moves
    /// each to <c>ARGV[3]</c> (<c>XX</c>: nothing is added back), all in one step.
    /// </summary>
    private const string ClaimScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        for i = 1, #due do
          redis.call('ZADD', KEYS[1], 'XX', ARGV[3], due[i])
        end
        return due
        """;

    private readonly SharedRedisConnection _redis;
    private readonly RedisKey[] _keys;
    private readonly GroupCommit<Schedule, int> _schedules;

    public RedisExpiryIndex(SharedRedisConnection redis, IOptions<ClusterOptions> cluster)
    {
        _redis = redis;
        _keys = [.. Enumerable.Range(0, ExpiryShards.Count).Select(shard => (RedisKey)KeyOf(cluster.Value.ServiceId, shard))];
        _schedules = new GroupCommit<Schedule, int>(ScheduleBatchAsync, MaxSchedulesPerSend);
    }

    /// <summary>The key of a shard (the tests read it).</summary>
    public static string KeyOf(string serviceId, int shard) => $"{serviceId}/expiry/{shard}";

    /// <summary>
    /// Together with what the silo's other grains schedule meanwhile (<see cref="GroupCommit{TItem, TResult}"/>): under
    /// load one <c>ZADD</c> per shard carries many users' entries (a user arriving twice in one batch keeps the later
    /// due time: <c>ZADD</c> takes its pairs in order). The task completes once its batch is in, and fails if any of
    /// the batch's commands failed; an entry written by a failed batch only wakes its grain once for nothing.
    /// </summary>
    public Task ScheduleAsync(string grainKey, DateTimeOffset due) =>
        _schedules.AddAsync([new Schedule(grainKey, due.ToUnixTimeMilliseconds())]);

    public async Task RemoveAsync(string grainKey) =>
        await (await _redis.GetAsync()).GetDatabase().SortedSetRemoveAsync(KeyFor(grainKey), grainKey);

    public async Task<IReadOnlyList<string>> ClaimDueAsync(int shard, DateTimeOffset now, int count, DateTimeOffset retryAt)
    {
        var result = await (await _redis.GetAsync()).GetDatabase().ScriptEvaluateAsync(
            ClaimScript, [_keys[shard]], [now.ToUnixTimeMilliseconds(), count, retryAt.ToUnixTimeMilliseconds()]);
        return [.. ((RedisValue[])result!).Select(member => member.ToString())];
    }

    private async Task<int> ScheduleBatchAsync(IReadOnlyList<Schedule> schedules)
    {
        var db = (await _redis.GetAsync()).GetDatabase();
        await Task.WhenAll(schedules.GroupBy(s => ExpiryShards.Of(s.GrainKey)).Select(shard =>
            db.SortedSetAddAsync(_keys[shard.Key], [.. shard.Select(s => new SortedSetEntry(s.GrainKey, s.DueMs))])));
        return schedules.Count;
    }

    private RedisKey KeyFor(string grainKey) => _keys[ExpiryShards.Of(grainKey)];

    private readonly record struct Schedule(string GrainKey, long DueMs);
}
