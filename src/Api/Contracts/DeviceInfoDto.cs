namespace OrleansSessions.Api.Contracts;

public sealed record DeviceInfoDto(string? DeviceType = null, string? Os = null, string? Browser = null, string? DeviceFingerprint = null);
