using System.Text;
using StackExchange.Redis;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// Where a grain's state lives in Redis: <c>{ServiceId}/state/{grain id type}/{grain id key}/{grain type}</c>, byte for
/// byte the Orleans Redis provider's own default layout (so data written before this class existed is found), made
/// explicit so the replica wait can route its <c>WAIT</c> to the node that owns the key. One grain is one key (a hash
/// of etag and data) written by single-key scripts, so a Redis Cluster spreads grains over its nodes by key and no
/// command ever spans two slots.
/// </summary>
public static class RedisStorageKeys
{
    public static Func<string, GrainId, RedisKey> For(string serviceId)
    {
        var prefix = Encoding.UTF8.GetBytes($"{serviceId}/state/");
        return (grainType, grainId) => Key(prefix, grainType, grainId);
    }

    private static RedisKey Key(byte[] prefix, string grainType, GrainId grainId)
    {
        var type = grainId.Type.AsSpan();
        var key = grainId.Key.AsSpan();
        var bytes = new byte[prefix.Length + type.Length + 1 + key.Length + 1 + Encoding.UTF8.GetByteCount(grainType)];
        var span = bytes.AsSpan();
        prefix.CopyTo(span);
        span = span[prefix.Length..];
        type.CopyTo(span);
        span[type.Length] = (byte)'/';
        span = span[(type.Length + 1)..];
        key.CopyTo(span);
        span[key.Length] = (byte)'/';
        Encoding.UTF8.GetBytes(grainType, span[(key.Length + 1)..]);
        return bytes;
    }
}
