namespace OrleansSessions.Api.Problems;

/// <summary>
/// Gives the problems the framework writes itself (an unknown path, a wrong method, an operator's Basic challenge) what
/// every problem of this service has: a <c>code</c> from the table, its <c>type</c> and <c>title</c>, and a
/// <c>detail</c>.
/// </summary>
public static class ProblemCodes
{
    public static void AddCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        if (problem.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            // The contract's table has no 415: a body sent as another media type than JSON is malformed input, answered
            // like malformed JSON.
            problem.Status = context.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            problem.Detail = "The body must be JSON, sent with Content-Type: application/json.";
        }

        var error = ErrorCodes.All.FirstOrDefault(e => e.ForFrameworkProblems && e.Status == problem.Status) ?? ErrorCodes.Of(ErrorCodes.InternalError);
        problem.Extensions["code"] = error.Code;
        problem.Type = $"urn:orleans-sessions:error:{error.Code}";
        problem.Title = error.Title;
        problem.Detail ??= error.Meaning;
    }
}
