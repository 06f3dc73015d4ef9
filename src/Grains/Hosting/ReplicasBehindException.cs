using Orleans.Persistence.Redis;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// The primary took a write but too few replicas had it in time: the write is in the store (the state's ETag is the new
/// one) yet not durable. Orleans hands it to the grain wrapped in its own exception, as it does every provider failure,
/// and callers get that (503 <c>store_unavailable</c> in the Api; <see cref="RedisExceptionSerialization"/> lets it travel).
/// </summary>
internal sealed class ReplicasBehindException(string message) : RedisStorageException(message)
{
    /// <summary>True when <paramref name="failure"/> is this, or wraps it (Orleans wraps a provider's failure in its own exception).</summary>
    public static bool IsIn(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is ReplicasBehindException)
            {
                return true;
            }
        }

        return false;
    }
}
