using Microsoft.AspNetCore.Mvc;

namespace OrleansSessions.Api.Problems;

/// <summary>One row of the error table (<see cref="ErrorCodes.All"/>): a problem's code and what the service says about it.</summary>
/// <param name="Code">The <c>code</c> extension of the problem.</param>
/// <param name="Status">Its HTTP status.</param>
/// <param name="Title">The problem's <c>title</c>.</param>
/// <param name="Meaning">What the code means, for the API reference; also the detail of its example problem.</param>
/// <param name="ForFrameworkProblems">
/// Whether this is the code for problems of its status that ASP.NET Core writes without one (an unknown path, a wrong method, ...).
/// </param>
public sealed record ApiError(string Code, int Status, string Title, string Meaning, bool ForFrameworkProblems = false)
{
    /// <summary>The problem the API reference shows for this code.</summary>
    public ProblemDetails Example => ApiProblem.Details(Code, Meaning);
}
