namespace OrleansSessions.Api.Contracts;

/// <summary>The answer to a login or a refresh.</summary>
public sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    long ExpiresIn,
    string RefreshToken,
    long RefreshExpiresIn,
    string SessionId,
    UserDto User);
