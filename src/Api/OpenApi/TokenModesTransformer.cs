using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OrleansSessions.Api.Contracts;

namespace OrleansSessions.Api.OpenApi;

/// <summary>Login and refresh answer with the tokens in the body (bearer mode) or in cookies (<c>?mode=cookie</c>): document both.</summary>
public sealed class TokenModesTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<TokenModesMetadata>().Any() || operation.Responses is null)
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "mode",
            In = ParameterLocation.Query,
            Description = "`bearer` (the default): tokens in the body. `cookie`: tokens in HttpOnly cookies, for browsers.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("bearer"), JsonValue.Create("cookie")] },
        });
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "Bearer mode (the default): the tokens are in the body. Cookie mode (`?mode=cookie`): the tokens are in "
                + "HttpOnly cookies and the body carries the `csrf_token` to send as `X-CSRF-Token` on every state-changing call.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        OneOf = [await SchemaAsync<TokenResponse>(context, cancellationToken), await SchemaAsync<CookieSessionResponse>(context, cancellationToken)],
                    },
                    Examples = new Dictionary<string, IOpenApiExample>
                    {
                        ["bearer"] = Example<TokenResponse>("Bearer mode"),
                        ["cookie"] = Example<CookieSessionResponse>("Cookie mode"),
                    },
                },
            },
        };
    }

    private static async Task<IOpenApiSchema> SchemaAsync<T>(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var name = typeof(T).Name;
        context.Document!.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken));
        return new OpenApiSchemaReference(name, context.Document);
    }

    private OpenApiExample Example<T>(string summary) => new()
    {
        Summary = summary,
        Value = JsonSerializer.SerializeToNode(ContractExamples.ByType[typeof(T)], typeof(T), json.Value.SerializerOptions),
    };
}
