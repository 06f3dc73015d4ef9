using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// Whether the Redis connection came back or moved to another primary (<see cref="SharedRedisConnection.Reconnections"/>)
/// since a grain last compared its memory with the store: writes Redis had acknowledged may have been lost. None in
/// embedded mode, where there is no Redis.
/// </summary>
internal sealed class ReconnectionMark(SharedRedisConnection? redis)
{
    private long _compared = redis?.Reconnections ?? 0;

    public bool RedisReconnected => redis is { } r && r.Reconnections != _compared;

    /// <summary>Taken before a read of the store, and passed to <see cref="Compared"/> once memory stands compared with it.</summary>
    public long Take() => redis?.Reconnections ?? 0;

    public void Compared(long taken) => _compared = taken;
}
