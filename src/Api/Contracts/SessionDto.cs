namespace OrleansSessions.Api.Contracts;

public sealed record SessionDto(
    string SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivity,
    DateTimeOffset ExpiresAt,
    string? IpAddress,
    string? UserAgent,
    DeviceInfoDto? DeviceInfo,
    bool RememberMe,
    bool IsCurrent,
    DateTimeOffset AuthenticatedAt,
    bool NewDevice = false);
