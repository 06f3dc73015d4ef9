using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace OrleansSessions.Api.OpenApi;

/// <summary>Gives each contract body's schema its example, serialized exactly as the Api would send it.</summary>
public sealed class ExampleSchemaTransformer(IOptions<JsonOptions> json) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (ContractExamples.ByType.TryGetValue(type, out var example))
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, type, json.Value.SerializerOptions)!];
        }

        return Task.CompletedTask;
    }
}
