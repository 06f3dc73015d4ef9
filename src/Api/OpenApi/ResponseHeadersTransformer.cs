using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansSessions.Api.OpenApi;

/// <summary>Documents the headers of an answer, from <see cref="ResponseHeadersMetadata"/>.</summary>
public sealed class ResponseHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var metadata in context.Description.ActionDescriptor.EndpointMetadata.OfType<ResponseHeadersMetadata>())
        {
            operation.Responses ??= [];
            var status = metadata.Status.ToString(CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(status, out var existing) || existing is not OpenApiResponse response)
            {
                response = new OpenApiResponse { Description = "OK" };
                operation.Responses[status] = response;
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var (name, meaning) in metadata.Headers)
            {
                response.Headers[name] = new OpenApiHeader { Description = meaning, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

        return Task.CompletedTask;
    }
}
