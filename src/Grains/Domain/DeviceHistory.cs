using System.Security.Cryptography;
using System.Text;

namespace OrleansSessions.Grains.Domain;

/// <summary>
/// The devices a user opened sessions on in the last <see cref="Memory"/>, for <c>new_device</c>: a session is on a
/// new device when no session of the last 90 days had the same fingerprint, or, when it has no fingerprint, when no
/// session of them (with a fingerprint or without) had the same browser and OS. At most <see cref="MaxDevices"/> are kept (the least recently seen go first), and a device seen
/// again within <see cref="SeenResolution"/> is not rewritten, so a user signing in from their laptop costs no write.
/// </summary>
internal sealed class DeviceHistory(List<KnownDevice> devices)
{
    public static readonly TimeSpan Memory = TimeSpan.FromDays(90);
    public static readonly TimeSpan SeenResolution = TimeSpan.FromDays(1);
    public const int MaxDevices = 32;

    public IReadOnlyList<KnownDevice> Devices => devices;

    /// <summary>True after <see cref="Record"/> changed what is kept.</summary>
    public bool HasUnsavedChanges { get; private set; }

    public void MarkSaved() => HasUnsavedChanges = false;

    /// <summary>What is kept now, to go back to when the change that recorded a device cannot be stored.</summary>
    public Mark TakeMark() => new([.. devices], HasUnsavedChanges);

    /// <summary>Forgets what was recorded since <paramref name="mark"/>: a session that was never stored saw no device.</summary>
    public void RestoreTo(Mark mark)
    {
        devices.Clear();
        devices.AddRange(mark.Devices);
        HasUnsavedChanges = mark.HadUnsavedChanges;
    }

    public readonly record struct Mark(KnownDevice[] Devices, bool HadUnsavedChanges);

    /// <summary>Whether a session on <paramref name="device"/> at <paramref name="now"/> is on a new device; remembers the device.</summary>
    public bool Record(DeviceInfo? device, DateTimeOffset now)
    {
        var (fingerprint, browserAndOs) = Keys(device);
        var nowMs = now.ToUnixTimeMilliseconds();
        var oldestKept = (now - Memory).ToUnixTimeMilliseconds();
        HasUnsavedChanges |= devices.RemoveAll(d => d.LastSeenMs < oldestKept) > 0;

        var known = fingerprint is not null
            ? devices.Exists(d => string.Equals(d.FingerprintHash, fingerprint, StringComparison.Ordinal))
            : devices.Exists(d => string.Equals(d.BrowserAndOs, browserAndOs, StringComparison.Ordinal));

        // What is remembered is this session's own device: its fingerprint, or without one its browser and OS (so a
        // session without a fingerprint never keeps a fingerprint's 90 days going).
        var index = devices.FindIndex(d => string.Equals(d.FingerprintHash, fingerprint, StringComparison.Ordinal)
            && (fingerprint is not null || string.Equals(d.BrowserAndOs, browserAndOs, StringComparison.Ordinal)));
        if (index >= 0)
        {
            if (nowMs - devices[index].LastSeenMs >= SeenResolution.TotalMilliseconds)
            {
                devices[index] = devices[index] with { LastSeenMs = nowMs };
                HasUnsavedChanges = true;
            }

            return !known;
        }

        if (devices.Count >= MaxDevices)
        {
            var leastRecent = 0;
            for (var i = 1; i < devices.Count; i++)
            {
                if (devices[i].LastSeenMs < devices[leastRecent].LastSeenMs)
                {
                    leastRecent = i;
                }
            }

            devices.RemoveAt(leastRecent);
        }

        devices.Add(new KnownDevice(fingerprint, browserAndOs, nowMs));
        HasUnsavedChanges = true;
        return !known;
    }

    private static (string? Fingerprint, string BrowserAndOs) Keys(DeviceInfo? device)
    {
        var fingerprint = string.IsNullOrEmpty(device?.DeviceFingerprint)
            ? null
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(device.DeviceFingerprint)).AsSpan(0, 16));
        return (fingerprint, $"{device?.Browser}|{device?.Os}");
    }
}
