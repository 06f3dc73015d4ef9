using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// The devices a user signed in from (<see cref="DeviceHistory"/>), stored apart from the sessions: it outlives them
/// (signing out everywhere must not make the laptop a new device), and it changes seldom, so it is written only then.
/// </summary>
[GenerateSerializer, Alias("os.DeviceHistoryState")]
internal sealed class DeviceHistoryState
{
    [Id(0)]
    public List<KnownDevice> Devices { get; set; } = [];
}
