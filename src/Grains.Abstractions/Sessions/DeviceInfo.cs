namespace OrleansSessions.Abstractions.Sessions;

/// <summary>What the client said about the device a session was opened on. Every field is optional.</summary>
[GenerateSerializer, Immutable, Alias("os.DeviceInfo")]
public sealed record DeviceInfo(
    [property: Id(0)] string? DeviceType,
    [property: Id(1)] string? Os,
    [property: Id(2)] string? Browser,
    [property: Id(3)] string? DeviceFingerprint);
