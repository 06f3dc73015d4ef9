namespace OrleansSessions.Client;

/// <summary>
/// A session to open for <see cref="UserId"/> (1 to 128 characters of <c>A-Z a-z 0-9 . _ : @ | -</c>, not <c>.</c> or <c>..</c>), a user the
/// calling backend has authenticated. <see cref="Claims"/> is any object that serializes to a JSON object (at most
/// 2048 bytes; reserved keys such as <c>sub</c> or <c>roles</c> are refused); <see cref="Client"/> names a configured
/// client policy; <see cref="IpAddress"/> and <see cref="UserAgent"/> are the end user's, shown in their device list.
/// </summary>
public sealed record ServiceSessionRequest(
    string UserId,
    object? Claims = null,
    string? Client = null,
    bool RememberMe = false,
    string? IpAddress = null,
    string? UserAgent = null);
