using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansSessions.Grains.Hosting;
using StackExchange.Redis;

namespace OrleansSessions.Grains.Expiry;

/// <summary>
/// Cluster mode: one Redis sorted set per shard, <c>{ServiceId}/expiry/{shard}</c>, of grain keys scored by the Unix
/// milliseconds they are due at. One <c>ZADD</c> or <c>ZREM</c> per change of a user, one script per sweep page; every
/// command touches one key, so a Redis Cluster serves it too.
/// </summary>
internal sealed class RedisExpiryIndex(SharedRedisConnection redis, IOptions<ClusterOptions> cluster) : IExpiryIndex
{
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

    private readonly RedisKey[] _keys = [.. Enumerable.Range(0, ExpiryShards.Count).Select(shard => (RedisKey)KeyOf(cluster.Value.ServiceId, shard))];

    /// <summary>The key of a shard (the tests read it).</summary>
    public static string KeyOf(string serviceId, int shard) => $"{serviceId}/expiry/{shard}";

    public async Task ScheduleAsync(string grainKey, DateTimeOffset due) =>
        await (await redis.GetAsync()).GetDatabase().SortedSetAddAsync(KeyFor(grainKey), grainKey, due.ToUnixTimeMilliseconds());

    public async Task RemoveAsync(string grainKey) =>
        await (await redis.GetAsync()).GetDatabase().SortedSetRemoveAsync(KeyFor(grainKey), grainKey);

    public async Task<IReadOnlyList<string>> ClaimDueAsync(int shard, DateTimeOffset now, int count, DateTimeOffset retryAt)
    {
        var result = await (await redis.GetAsync()).GetDatabase().ScriptEvaluateAsync(
            ClaimScript, [_keys[shard]], [now.ToUnixTimeMilliseconds(), count, retryAt.ToUnixTimeMilliseconds()]);
        return [.. ((RedisValue[])result!).Select(member => member.ToString())];
    }

    private RedisKey KeyFor(string grainKey) => _keys[ExpiryShards.Of(grainKey)];
}
