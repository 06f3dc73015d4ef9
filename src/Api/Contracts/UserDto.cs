namespace OrleansSessions.Api.Contracts;

public sealed record UserDto(string UserId, string Email);
