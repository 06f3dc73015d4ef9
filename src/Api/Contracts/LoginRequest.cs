namespace OrleansSessions.Api.Contracts;

public sealed record LoginRequest(string? Email, string? Password, bool? RememberMe = null, DeviceInfoDto? DeviceInfo = null, string? Client = null);
