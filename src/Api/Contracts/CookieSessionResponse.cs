namespace OrleansSessions.Api.Contracts;

/// <summary>The answer to a login or refresh in cookie mode: the tokens are in cookies, the CSRF token is here.</summary>
public sealed record CookieSessionResponse(
    string TokenType,
    long ExpiresIn,
    long RefreshExpiresIn,
    string SessionId,
    string CsrfToken,
    UserDto User);
