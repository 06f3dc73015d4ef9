namespace OrleansSessions.Api.Contracts;

public sealed record DeviceInfoDto(string? DeviceType, string? Os, string? Browser, string? DeviceFingerprint);
