using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using OrleansSessions.Api.Problems;

namespace OrleansSessions.UnitTests;

public sealed class ErrorTableTests
{
    /// <summary>API.md's error table, in its order.</summary>
    private static readonly (string Code, int Status)[] Contract =
    [
        ("validation_failed", 400),
        ("invalid_credentials", 401),
        ("invalid_token", 401),
        ("token_expired", 401),
        ("session_revoked", 401),
        ("session_expired", 401),
        ("refresh_token_reused", 401),
        ("invalid_api_key", 401),
        ("forbidden", 403),
        ("reauthentication_required", 403),
        ("csrf_failed", 403),
        ("session_not_found", 404),
        ("email_taken", 409),
        ("session_limit_reached", 409),
        ("last_admin", 409),
        ("payload_too_large", 413),
        ("rate_limited", 429),
        ("store_unavailable", 503),
    ];

    /// <summary>Beyond API.md: the codes of the problems the framework writes itself.</summary>
    private static readonly (string Code, int Status)[] FrameworkOnly =
    [
        ("not_found", 404),
        ("method_not_allowed", 405),
        ("request_timeout", 408),
        ("internal_error", 500),
    ];

    [Fact]
    public void Every_code_has_one_row() =>
        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Select(e => e.Code).Distinct().Count());

    [Fact]
    public void Codes_and_statuses_are_those_of_the_contract_in_its_order() =>
        Assert.Equal(Contract.Concat(FrameworkOnly), ErrorCodes.All.Select(e => (e.Code, e.Status)));

    [Fact]
    public void Every_constant_names_a_row()
    {
        var constants = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(ErrorCodes.All.Select(e => e.Code).Order(), constants.Order());
    }

    [Fact]
    public void Every_row_has_a_title_a_meaning_and_an_example()
    {
        foreach (var error in ErrorCodes.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Title), error.Code);
            Assert.False(string.IsNullOrWhiteSpace(error.Meaning), error.Code);
            var example = error.Example;
            Assert.Equal($"urn:orleans-sessions:error:{error.Code}", example.Type);
            Assert.Equal(error.Code, example.Extensions["code"]);
            Assert.Equal(error.Status, example.Status);
            Assert.Equal(error.Title, example.Title);
            Assert.False(string.IsNullOrWhiteSpace(example.Detail), error.Code);
        }
    }

    [Fact]
    public void Problems_read_their_status_and_title_from_the_table()
    {
        var problem = ApiProblem.Details(ErrorCodes.CsrfFailed, "No X-CSRF-Token header.");

        Assert.Equal(
            (403, "The anti-CSRF token is missing or wrong.", "No X-CSRF-Token header."), (problem.Status, problem.Title, problem.Detail));
    }

    [Theory]
    [InlineData(400, "validation_failed")]
    [InlineData(401, "invalid_token")]
    [InlineData(403, "forbidden")]
    [InlineData(404, "not_found")]
    [InlineData(405, "method_not_allowed")]
    [InlineData(413, "payload_too_large")]
    [InlineData(415, "validation_failed")]
    [InlineData(408, "request_timeout")] // Kestrel: a body that came too slowly or stopped short
    [InlineData(503, "store_unavailable")]
    [InlineData(500, "internal_error")]
    [InlineData(409, "internal_error")]
    [InlineData(429, "rate_limited")] // the operator sign-in's limit: a bare 429 from its challenge
    [InlineData(null, "internal_error")]
    public void Framework_problems_get_the_code_of_their_status(int? status, string code)
    {
        var context = new ProblemDetailsContext
        {
            HttpContext = new DefaultHttpContext(),
            ProblemDetails = new ProblemDetails { Status = status },
        };

        ProblemCodes.AddCode(context);

        Assert.Equal(code, context.ProblemDetails.Extensions["code"]);
    }

    [Fact]
    public void A_code_the_problem_already_has_is_kept()
    {
        var context = new ProblemDetailsContext
        {
            HttpContext = new DefaultHttpContext(),
            ProblemDetails = ApiProblem.Details(ErrorCodes.EmailTaken, "Taken."),
        };

        ProblemCodes.AddCode(context);

        Assert.Equal(ErrorCodes.EmailTaken, context.ProblemDetails.Extensions["code"]);
    }
}
