using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.OpenApi;

/// <summary>What each of the contract's error codes means, as the API reference explains it.</summary>
public static class ErrorCodeDocs
{
    public static readonly IReadOnlyDictionary<string, string> Meaning = new Dictionary<string, string>
    {
        [ErrorCodes.ValidationFailed] = "The request is malformed: a missing or invalid field, or a body that is not JSON.",
        [ErrorCodes.InvalidCredentials] = "Wrong email or password (the same answer for an unknown email), or a missing or wrong API key.",
        [ErrorCodes.InvalidToken] = "The token is missing, malformed, badly signed, for another issuer or audience, or an unknown or revoked refresh token.",
        [ErrorCodes.TokenExpired] = "The access token has expired: refresh it and send the call again.",
        [ErrorCodes.SessionRevoked] = "The token's session was revoked (signed out, here or on another device).",
        [ErrorCodes.SessionExpired] = "The token's session passed its idle timeout or its absolute lifetime.",
        [ErrorCodes.RefreshTokenReused] = "A refresh token that was already rotated away was presented again: the whole session is revoked.",
        [ErrorCodes.Forbidden] = "The caller is signed in but lacks the role this call needs (admin).",
        [ErrorCodes.CsrfFailed] = "A state-changing call authenticated by cookie came without the X-CSRF-Token header given at login.",
        [ErrorCodes.SessionNotFound] = "There is no active session with this id.",
        [ErrorCodes.EmailTaken] = "An account with this email already exists.",
        [ErrorCodes.SessionLimitReached] = "The per-user session limit is reached and the policy is RejectNew.",
        [ErrorCodes.PayloadTooLarge] = "The request body is larger than the service accepts.",
        [ErrorCodes.RateLimited] = "Too many attempts: see Retry-After.",
        [ErrorCodes.StoreUnavailable] = "Redis or the cluster cannot be reached; nothing was changed. Try again shortly.",
    };
}
