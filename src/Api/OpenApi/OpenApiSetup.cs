namespace OrleansSessions.Api.OpenApi;

/// <summary>The OpenAPI document behind <c>/openapi/v1.json</c> and the <c>/docs</c> reference.</summary>
public static class OpenApiSetup
{
    public const string ProblemSchema = "Problem";
    public const string BearerScheme = "Bearer";
    public const string ServiceKeyScheme = "ServiceKey";

    public static IServiceCollection AddSessionOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            // The embedded dashboard's own routes are for operators' eyes, not part of the contract.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("dashboard", StringComparison.Ordinal) != true;
            o.AddSchemaTransformer<ExampleSchemaTransformer>();
            o.AddOperationTransformer<ErrorResponsesTransformer>();
            o.AddOperationTransformer<TokenModesTransformer>();
            o.AddOperationTransformer<ApiKeySecurityTransformer>();
            o.AddOperationTransformer<ResponseHeadersTransformer>();
            o.AddOperationTransformer<ServiceKeyTransformer>();
            o.AddDocumentTransformer<ContractDocumentTransformer>();
        });
}
