namespace OrleansSessions.Api.Problems;

/// <summary>The contract's error codes (API.md), each with its HTTP status.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string InvalidCredentials = "invalid_credentials";
    public const string InvalidToken = "invalid_token";
    public const string TokenExpired = "token_expired";
    public const string SessionRevoked = "session_revoked";
    public const string SessionExpired = "session_expired";
    public const string RefreshTokenReused = "refresh_token_reused";
    public const string Forbidden = "forbidden";
    public const string CsrfFailed = "csrf_failed";
    public const string SessionNotFound = "session_not_found";
    public const string EmailTaken = "email_taken";
    public const string SessionLimitReached = "session_limit_reached";
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string StoreUnavailable = "store_unavailable";
    public const string NotFound = "not_found";
    public const string InternalError = "internal_error";

    public static int StatusOf(string code) => code switch
    {
        ValidationFailed => StatusCodes.Status400BadRequest,
        InvalidCredentials or InvalidToken or TokenExpired or SessionRevoked or SessionExpired or RefreshTokenReused
            => StatusCodes.Status401Unauthorized,
        Forbidden or CsrfFailed => StatusCodes.Status403Forbidden,
        SessionNotFound or NotFound => StatusCodes.Status404NotFound,
        EmailTaken or SessionLimitReached => StatusCodes.Status409Conflict,
        PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        RateLimited => StatusCodes.Status429TooManyRequests,
        StoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
