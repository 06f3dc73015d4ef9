using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OrleansSessions.Api.Endpoints;
using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.OpenApi;

/// <summary>
/// Documents every error an operation can answer with: one response per status, listing its codes with their meaning
/// and an example problem for each, as the error table (<see cref="ErrorCodes.All"/>) states them. Codes implied by the
/// endpoint (authentication, the admin role, the anti-CSRF header on cookie-authenticated changes, a JSON body) are
/// added here; the endpoint names its own with <c>.Errors(...)</c>.
/// </summary>
public sealed class ErrorResponsesTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var codes = ImpliedCodes(context, metadata)
            .Concat(metadata.OfType<ErrorCodesMetadata>().SelectMany(m => m.Codes))
            .Distinct()
            .ToList();
        operation.Responses ??= [];
        foreach (var byStatus in codes.Select(ErrorCodes.Of).GroupBy(e => e.Status).OrderBy(g => g.Key))
        {
            operation.Responses[byStatus.Key.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = string.Join("\n", byStatus.Select(e => $"- `{e.Code}`: {e.Meaning}")),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ApiProblem.ContentType] = new()
                    {
                        Schema = new OpenApiSchemaReference(OpenApiSetup.ProblemSchema, context.Document),
                        Examples = byStatus.ToDictionary(e => e.Code, e => (IOpenApiExample)new OpenApiExample
                        {
                            Summary = e.Code,
                            Value = JsonSerializer.SerializeToNode(e.Example, json.Value.SerializerOptions),
                        }),
                    },
                },
            };
        }

        if (RequiresSignIn(metadata))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] }];
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<string> ImpliedCodes(OpenApiOperationTransformerContext context, IList<object> metadata)
    {
        if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Body"))
        {
            yield return ErrorCodes.ValidationFailed;
            yield return ErrorCodes.PayloadTooLarge;
        }

        if (!RequiresSignIn(metadata))
        {
            yield break;
        }

        yield return ErrorCodes.InvalidToken;
        yield return ErrorCodes.TokenExpired;
        yield return ErrorCodes.SessionRevoked;
        yield return ErrorCodes.SessionExpired;
        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AdminEndpoints.AdminPolicy))
        {
            yield return ErrorCodes.Forbidden;
        }

        if (!HttpMethods.IsGet(context.Description.HttpMethod ?? HttpMethods.Get))
        {
            yield return ErrorCodes.CsrfFailed;
        }

        yield return ErrorCodes.StoreUnavailable;
    }

    private static bool RequiresSignIn(IList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
}
