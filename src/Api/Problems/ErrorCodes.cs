namespace OrleansSessions.Api.Problems;

/// <summary>
/// The error table: every code the service answers with, each stated once with its status, title and meaning. Problem
/// responses, the error responses of the OpenAPI document and the API reference all read it.
/// </summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string InvalidCredentials = "invalid_credentials";
    public const string InvalidToken = "invalid_token";
    public const string TokenExpired = "token_expired";
    public const string SessionRevoked = "session_revoked";
    public const string SessionExpired = "session_expired";
    public const string RefreshTokenReused = "refresh_token_reused";
    public const string InvalidApiKey = "invalid_api_key";
    public const string Forbidden = "forbidden";
    public const string ReauthenticationRequired = "reauthentication_required";
    public const string CsrfFailed = "csrf_failed";
    public const string SessionNotFound = "session_not_found";
    public const string EmailTaken = "email_taken";
    public const string SessionLimitReached = "session_limit_reached";
    public const string LastAdmin = "last_admin";
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string StoreUnavailable = "store_unavailable";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string RequestTimeout = "request_timeout";
    public const string InternalError = "internal_error";

    /// <summary>API.md's error table in its order, then the codes beyond it for the problems the framework writes itself.</summary>
    public static readonly IReadOnlyList<ApiError> All =
    [
        new(ValidationFailed, StatusCodes.Status400BadRequest, "The request is not valid.",
            "The request is malformed: a missing or invalid field, or a body that is not JSON (also one sent as another media type: the table has no 415).", ForFrameworkProblems: true),
        new(InvalidCredentials, StatusCodes.Status401Unauthorized, "The email or password is wrong.",
            "Wrong email or password (the same answer for an unknown email)."),
        new(InvalidToken, StatusCodes.Status401Unauthorized, "The token is not valid.",
            "The token is missing, malformed, badly signed, for another issuer or audience, or an unknown or revoked refresh token.",
            ForFrameworkProblems: true),
        new(TokenExpired, StatusCodes.Status401Unauthorized, "The token has expired.",
            "The access token has expired: refresh it and send the call again."),
        new(SessionRevoked, StatusCodes.Status401Unauthorized, "The session has been revoked.",
            "The token's session was revoked (signed out, here or on another device)."),
        new(SessionExpired, StatusCodes.Status401Unauthorized, "The session has expired.",
            "The token's session passed its idle timeout or its absolute lifetime."),
        new(RefreshTokenReused, StatusCodes.Status401Unauthorized, "The refresh token was already used; the session has been revoked.",
            "A refresh token that was already rotated away was presented again: the whole session is revoked."),
        new(InvalidApiKey, StatusCodes.Status401Unauthorized, "The API key is missing or wrong.",
            "A call for other services came without one of the configured keys, in X-Api-Key or (introspection) as the HTTP Basic password."),
        new(Forbidden, StatusCodes.Status403Forbidden, "Not allowed.",
            "The caller is signed in but lacks the role this call needs (admin).", ForFrameworkProblems: true),
        new(ReauthenticationRequired, StatusCodes.Status403Forbidden, "A recent sign-in is needed.",
            "This sensitive call needs a sign-in more recent than the fresh authentication window: re-authenticate first."),
        new(CsrfFailed, StatusCodes.Status403Forbidden, "The anti-CSRF token is missing or wrong.",
            "A state-changing call authenticated by cookie came without the X-CSRF-Token header given at login."),
        new(SessionNotFound, StatusCodes.Status404NotFound, "No such session.",
            "There is no active session with this id."),
        new(EmailTaken, StatusCodes.Status409Conflict, "An account with this email already exists.",
            "An account with this email already exists."),
        new(SessionLimitReached, StatusCodes.Status409Conflict, "The maximum number of active sessions is reached.",
            "The per-user session limit is reached and the policy is RejectNew."),
        new(LastAdmin, StatusCodes.Status409Conflict, "The last admin cannot lose the admin role.",
            "An admin tried to remove their own admin role while no other account holds it."),
        new(PayloadTooLarge, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
            "The request body is larger than the service accepts.", ForFrameworkProblems: true),
        new(RateLimited, StatusCodes.Status429TooManyRequests, "Too many requests.",
            "Too many attempts: see Retry-After.", ForFrameworkProblems: true),
        new(StoreUnavailable, StatusCodes.Status503ServiceUnavailable, "The session store is unavailable; try again shortly.",
            "Redis or the cluster cannot be reached; nothing was changed. Try again shortly.", ForFrameworkProblems: true),
        new(NotFound, StatusCodes.Status404NotFound, "Not found.",
            "There is nothing at this path.", ForFrameworkProblems: true),
        new(MethodNotAllowed, StatusCodes.Status405MethodNotAllowed, "The method is not allowed here.",
            "The path exists but does not answer to this HTTP method.", ForFrameworkProblems: true),
        new(RequestTimeout, StatusCodes.Status408RequestTimeout, "The request did not arrive in time.",
            "The request's body came too slowly or stopped short of its Content-Length; nothing was done. Send it again.",
            ForFrameworkProblems: true),
        new(InternalError, StatusCodes.Status500InternalServerError, "An unexpected error occurred.",
            "Something failed inside the service; the answer reveals no internals.", ForFrameworkProblems: true),
    ];

    private static readonly Dictionary<string, ApiError> ByCode = All.ToDictionary(e => e.Code);

    /// <summary>The table's row for one of the codes above.</summary>
    public static ApiError Of(string code) => ByCode[code];
}
