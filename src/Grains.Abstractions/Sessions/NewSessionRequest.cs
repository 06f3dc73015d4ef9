namespace OrleansSessions.Abstractions.Sessions;

/// <summary>Everything the grain needs to open a session for a user who has just proven who they are.</summary>
[GenerateSerializer, Immutable, Alias("os.NewSessionRequest")]
public sealed record NewSessionRequest(
    [property: Id(0)] bool RememberMe,
    [property: Id(1)] string? IpAddress,
    [property: Id(2)] string? UserAgent,
    [property: Id(3)] DeviceInfo? Device,
    [property: Id(4)] UserIdentity Identity);
