using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary><c>new_device</c>: the same fingerprint, or without one the same browser and OS, within 90 days.</summary>
public sealed class DeviceHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_fingerprint_seen_within_90_days_is_known_and_after_them_new_again()
    {
        var history = new DeviceHistory([]);
        Assert.True(history.Record(new DeviceInfo("desktop", "Linux", "Firefox", "fp"), T0));
        Assert.False(history.Record(new DeviceInfo("desktop", "Windows", "Edge", "fp"), T0.AddDays(89)));
        Assert.True(history.Record(new DeviceInfo("desktop", "Linux", "Firefox", "fp"), T0.AddDays(89 + 91)));
    }

    [Fact]
    public void Without_a_fingerprint_the_browser_and_os_decide()
    {
        var history = new DeviceHistory([]);
        Assert.True(history.Record(new DeviceInfo(null, "macOS", "Safari", null), T0));
        Assert.False(history.Record(new DeviceInfo("laptop", "macOS", "Safari", null), T0.AddHours(1)));
        Assert.True(history.Record(new DeviceInfo(null, "macOS", "Chrome", null), T0.AddHours(2)));
        Assert.True(history.Record(null, T0.AddHours(3)));
        Assert.False(history.Record(null, T0.AddHours(4)));
    }

    [Fact]
    public void Without_a_fingerprint_a_fingerprinted_session_on_the_same_browser_and_os_counts_too()
    {
        var history = new DeviceHistory([]);
        Assert.True(history.Record(new DeviceInfo("desktop", "Windows", "Chrome", "fp-a"), T0));
        Assert.True(history.Record(new DeviceInfo("desktop", "Linux", "Firefox", "fp-b"), T0));

        Assert.False(history.Record(new DeviceInfo("desktop", "Windows", "Chrome", null), T0.AddHours(1)));
        Assert.True(history.Record(new DeviceInfo("desktop", "macOS", "Safari", null), T0.AddHours(1)));
        Assert.True(history.Record(new DeviceInfo("desktop", "macOS", "Safari", "fp-c"), T0.AddHours(2))); // a fingerprint decides by itself
    }

    [Fact]
    public void Sessions_without_a_fingerprint_do_not_keep_a_fingerprint_known()
    {
        var history = new DeviceHistory([]);
        history.Record(new DeviceInfo("desktop", "Windows", "Chrome", "fp-a"), T0);

        Assert.False(history.Record(new DeviceInfo("desktop", "Windows", "Chrome", null), T0.AddDays(60)));
        Assert.True(history.Record(new DeviceInfo("desktop", "Windows", "Chrome", "fp-a"), T0.AddDays(91)));
    }

    [Fact]
    public void The_fingerprint_is_kept_only_as_a_hash_and_the_history_is_bounded()
    {
        var devices = new List<KnownDevice>();
        var history = new DeviceHistory(devices);
        for (var i = 0; i < DeviceHistory.MaxDevices + 10; i++)
        {
            history.Record(new DeviceInfo(null, null, null, $"secret-fingerprint-{i}"), T0.AddMinutes(i));
        }

        Assert.Equal(DeviceHistory.MaxDevices, devices.Count);
        Assert.DoesNotContain(devices, d => d.FingerprintHash!.Contains("secret", StringComparison.Ordinal));
        Assert.True(history.Record(new DeviceInfo(null, null, null, "secret-fingerprint-0"), T0.AddHours(1))); // the least recent went
    }

    [Fact]
    public void A_known_device_seen_again_the_same_day_needs_no_write()
    {
        var history = new DeviceHistory([]);
        history.Record(new DeviceInfo(null, null, null, "fp"), T0);
        history.MarkSaved();

        history.Record(new DeviceInfo(null, null, null, "fp"), T0.AddHours(5));
        Assert.False(history.HasUnsavedChanges);

        history.Record(new DeviceInfo(null, null, null, "fp"), T0.AddDays(2));
        Assert.True(history.HasUnsavedChanges);
    }
}
