using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansSessions.Api.Service;

namespace OrleansSessions.Api.OpenApi;

/// <summary>The service API's operations are authenticated with a service key in <c>X-Api-Key</c>, not a bearer token.</summary>
public sealed class ServiceKeyTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (("/" + context.Description.RelativePath).StartsWith(ServiceKeys.PathPrefix + "/", StringComparison.Ordinal))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.ServiceKeyScheme, context.Document)] = [] }];
        }

        return Task.CompletedTask;
    }
}
