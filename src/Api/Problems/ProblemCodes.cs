namespace OrleansSessions.Api.Problems;

/// <summary>Gives every problem a <c>code</c>, including the ones the framework writes (404, 405, ...).</summary>
public static class ProblemCodes
{
    public static void AddCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        problem.Extensions["code"] = problem.Status switch
        {
            StatusCodes.Status400BadRequest => ErrorCodes.ValidationFailed,
            StatusCodes.Status401Unauthorized => ErrorCodes.InvalidToken,
            StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
            StatusCodes.Status404NotFound => ErrorCodes.NotFound,
            StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
            StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
            StatusCodes.Status503ServiceUnavailable => ErrorCodes.StoreUnavailable,
            _ => ErrorCodes.InternalError,
        };
    }
}
