namespace OrleansSessions.Abstractions.Sessions;

/// <summary>One active session as listed to its owner or an operator.</summary>
[GenerateSerializer, Immutable, Alias("os.SessionView")]
public sealed record SessionView(
    [property: Id(0)] string SessionId,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset LastActivity,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string? IpAddress,
    [property: Id(5)] string? UserAgent,
    [property: Id(6)] DeviceInfo? Device,
    [property: Id(7)] bool RememberMe,
    [property: Id(10)] DateTimeOffset AuthenticatedAt,
    [property: Id(30)] string Client = SessionClients.Default,
    [property: Id(31)] bool OpenedByService = false,
    [property: Id(32)] bool NewDevice = false);
