using System.Collections.Concurrent;

namespace OrleansSessions.Grains.Domain;

/// <summary>
/// Shares equal texts among all the sessions a silo holds (user agents, client addresses, device descriptions), so a
/// million sessions from a few thousand kinds of browser keep a few thousand copies rather than a million. Bounded:
/// once it holds <c>capacity</c> texts, new ones are kept as they come, unshared. Thread-safe.
/// </summary>
internal sealed class TextPool(int capacity = 50_000)
{
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DeviceInfo, DeviceInfo> _devices = new();
    private int _count;

    public string? Share(string? text) => text is null ? null : Pooled(_texts, text);

    /// <summary>A device with a fingerprint is one of a kind: only its descriptive texts are shared.</summary>
    public DeviceInfo? Share(DeviceInfo? device)
    {
        if (device is null)
        {
            return null;
        }

        var texts = new DeviceInfo(Share(device.DeviceType), Share(device.Os), Share(device.Browser), device.DeviceFingerprint);
        return device.DeviceFingerprint is null ? Pooled(_devices, texts) : texts;
    }

    public StoredSession Share(StoredSession session) =>
        session with
        {
            IpAddress = Share(session.IpAddress),
            UserAgent = Share(session.UserAgent),
            Device = Share(session.Device),
            Client = Share(session.Client),
        };

    /// <summary>The pooled equal of <paramref name="value"/>, adding it while the pool has room.</summary>
    private T Pooled<T>(ConcurrentDictionary<T, T> pool, T value)
        where T : notnull
    {
        if (pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return value;
        }

        return pool.GetOrAdd(value, value);
    }
}
