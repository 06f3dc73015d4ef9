using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OrleansSessions.Api.Problems;

/// <summary>RFC 9457 problem details carrying the contract's <c>code</c> extension.</summary>
public static class ApiProblem
{
    public const string ContentType = "application/problem+json";

    public static ProblemHttpResult Of(string code, string detail) => TypedResults.Problem(Details(code, detail));

    public static ProblemDetails Details(string code, string detail)
    {
        var status = ErrorCodes.StatusOf(code);
        return new ProblemDetails
        {
            Type = $"urn:orleans-sessions:error:{code}",
            Title = TitleOf(code),
            Status = status,
            Detail = detail,
            Extensions = { ["code"] = code },
        };
    }

    /// <summary>Writes a problem straight to the response, for middleware and authentication events.</summary>
    public static async Task WriteAsync(HttpContext context, string code, string detail)
    {
        var details = Details(code, detail);
        context.Response.StatusCode = details.Status!.Value;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
    }

    private static string TitleOf(string code) => code switch
    {
        ErrorCodes.ValidationFailed => "The request is not valid.",
        ErrorCodes.InvalidCredentials => "The email or password is wrong.",
        ErrorCodes.InvalidToken => "The token is not valid.",
        ErrorCodes.TokenExpired => "The token has expired.",
        ErrorCodes.SessionRevoked => "The session has been revoked.",
        ErrorCodes.SessionExpired => "The session has expired.",
        ErrorCodes.RefreshTokenReused => "The refresh token was already used; the session has been revoked.",
        ErrorCodes.Forbidden => "Not allowed.",
        ErrorCodes.CsrfFailed => "The anti-CSRF token is missing or wrong.",
        ErrorCodes.SessionNotFound => "No such session.",
        ErrorCodes.EmailTaken => "An account with this email already exists.",
        ErrorCodes.SessionLimitReached => "The maximum number of active sessions is reached.",
        ErrorCodes.PayloadTooLarge => "The request body is too large.",
        ErrorCodes.RateLimited => "Too many requests.",
        ErrorCodes.StoreUnavailable => "The session store is unavailable; try again shortly.",
        ErrorCodes.NotFound => "Not found.",
        _ => "An unexpected error occurred.",
    };
}
