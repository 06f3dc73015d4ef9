using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.Tokens;

/// <summary>The outcome of checking an access token: the verified token, or why it was refused.</summary>
public readonly record struct AccessTokenCheck(VerifiedToken? Token, Exception? Failure)
{
    public static AccessTokenCheck Valid(VerifiedToken token) => new(token, null);

    public static AccessTokenCheck Refused(Exception? failure) =>
        new(null, failure ?? new SecurityTokenValidationException("The token was refused."));

    /// <summary>The contract's code for a refused token: <c>token_expired</c> past its lifetime, else <c>invalid_token</c>.</summary>
    public string RefusalCode => Failure is SecurityTokenExpiredException ? ErrorCodes.TokenExpired : ErrorCodes.InvalidToken;
}
