namespace OrleansSessions.Api.Contracts;

/// <summary>
/// One session in a listing. <see cref="Client"/> is the client it belongs to; <see cref="SignInMethod"/> says how it
/// was opened: <c>password</c> (a login here) or <c>service</c> (a backend, through the service API).
/// </summary>
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
    string Client,
    string SignInMethod,
    bool NewDevice = false);
