using System.Text.Json;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.Endpoints;

/// <summary>
/// Reads the introspection request from either body the endpoint speaks: JSON, or RFC 7662's
/// <c>application/x-www-form-urlencoded</c>. Anything unreadable is a problem to answer, never an exception.
/// </summary>
public static class IntrospectionBody
{
    public const string FormContentType = "application/x-www-form-urlencoded";
    public const string JsonContentType = "application/json";

    /// <summary>The request, or the problem (code and detail) to answer instead.</summary>
    public static async Task<(IntrospectionRequest? Request, string? Code, string? Detail)> ReadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            return await ReadFormAsync(request);
        }

        if (request.HasJsonContentType())
        {
            return await ReadJsonAsync(request);
        }

        return request.ContentType is null && request.ContentLength is null or 0
            ? (null, ErrorCodes.ValidationFailed, "token is required.")
            : (null, ErrorCodes.ValidationFailed, $"Send the token as {FormContentType} (RFC 7662) or as {JsonContentType}.");
    }

    private static async Task<(IntrospectionRequest?, string?, string?)> ReadFormAsync(HttpRequest request)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            return (null, ErrorCodes.ValidationFailed, $"The form body is malformed: {ex.Message}");
        }

        // RFC 6749 section 3.2: a parameter sent more than once makes the request invalid.
        if (form["token"].Count > 1 || form["token_type_hint"].Count > 1)
        {
            return (null, ErrorCodes.ValidationFailed, "token and token_type_hint may be sent once each.");
        }

        return (new IntrospectionRequest(form["token"].FirstOrDefault(), form["token_type_hint"].FirstOrDefault()), null, null);
    }

    private static async Task<(IntrospectionRequest?, string?, string?)> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            var body = await request.ReadFromJsonAsync<IntrospectionRequest>(request.HttpContext.RequestAborted);
            return body is null ? (null, ErrorCodes.ValidationFailed, "token is required.") : (body, null, null);
        }
        catch (JsonException ex)
        {
            return (null, ErrorCodes.ValidationFailed, $"The body is not valid JSON for this request: {ex.Message}");
        }
    }
}
