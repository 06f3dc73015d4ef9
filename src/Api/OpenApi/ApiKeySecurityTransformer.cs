using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansSessions.Api.Accounts;

namespace OrleansSessions.Api.OpenApi;

/// <summary>
/// Endpoints marked with <see cref="ApiKeyCallerMetadata"/> get the API key security schemes: the key in
/// <c>X-Api-Key</c>, or (RFC 7662 style) the key as the password of HTTP Basic, either one accepted.
/// </summary>
public sealed class ApiKeySecurityTransformer : IOpenApiOperationTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BasicScheme = "ApiKeyBasic";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyCallerMetadata>().LastOrDefault() is not { } caller
            || context.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = PresentedApiKey.HeaderName,
            Description = "An API key from Auth:IntrospectionKeys or Auth:ServiceKeys.",
        };
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
        if (caller.Basic)
        {
            document.Components.SecuritySchemes[BasicScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = "RFC 7662 client authentication: HTTP Basic with any user name and an API key as the password "
                    + "(as sent, or form-encoded first as RFC 6749 section 2.3.1 has OAuth clients do).",
            };
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BasicScheme, document)] = [] });
        }

        return Task.CompletedTask;
    }
}
