using System.Text.Json;

namespace OrleansSessions.Api.Contracts;

/// <summary>
/// A backend opens a session for a user it authenticated itself (<c>POST /service/sessions</c>). Only
/// <see cref="UserId"/> is required; <see cref="IpAddress"/> and <see cref="UserAgent"/> are the end user's, as the
/// backend saw them.
/// </summary>
public sealed record ServiceSessionRequest(
    string? UserId,
    JsonElement? Claims = null,
    string? Client = null,
    bool? RememberMe = null,
    DeviceInfoDto? DeviceInfo = null,
    string? IpAddress = null,
    string? UserAgent = null);
