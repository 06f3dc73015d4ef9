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

        problem.Extensions["code"] = ErrorCodes.All.FirstOrDefault(e => e.ForFrameworkProblems && e.Status == problem.Status)?.Code
            ?? ErrorCodes.InternalError;
    }
}
