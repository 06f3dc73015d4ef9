using OrleansSessions.Sessions;

namespace OrleansSessions.Domain;

/// <summary>
/// One active session as persisted. The refresh token is kept only as a SHA-256 hash of its secret;
/// <see cref="PreviousRefreshHash"/> is the hash it replaced, kept to detect reuse of a rotated token.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.StoredSession")]
public sealed record StoredSession(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset LastActivity,
    [property: Id(3)] bool RememberMe,
    [property: Id(4)] string? IpAddress,
    [property: Id(5)] string? UserAgent,
    [property: Id(6)] DeviceInfo? Device,
    [property: Id(7)] byte[] RefreshHash,
    [property: Id(8)] int Generation,
    [property: Id(9)] byte[]? PreviousRefreshHash,
    [property: Id(10)] DateTimeOffset? RotatedAt);
