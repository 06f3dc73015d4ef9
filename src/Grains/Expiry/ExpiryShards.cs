namespace OrleansSessions.Grains.Expiry;

/// <summary>
/// Which shard of the expiry index holds a user: a stable hash of the grain key (FNV-1a over its UTF-16 code units,
/// the same in every process and version, unlike <see cref="string.GetHashCode()"/>), so each user has one entry in
/// one place. Shards let the sweeps of a large index run on several silos at once, and keep each Redis key small.
/// </summary>
internal static class ExpiryShards
{
    public const int Count = 8;

    public static int Of(string grainKey)
    {
        var hash = 2166136261u;
        foreach (var c in grainKey)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % Count);
    }
}
