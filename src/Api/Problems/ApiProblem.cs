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
        var error = ErrorCodes.Of(code);
        return new ProblemDetails
        {
            Type = $"urn:orleans-sessions:error:{code}",
            Title = error.Title,
            Status = error.Status,
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
}
