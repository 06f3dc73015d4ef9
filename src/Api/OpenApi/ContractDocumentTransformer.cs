using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.OpenApi;

/// <summary>
/// What the document says beyond its operations: the introduction, the bearer scheme, the problem schema with every
/// error code, and the health endpoints (health checks are not minimal-API handlers, so they are described here).
/// </summary>
public sealed class ContractDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Introduction = """
        Server-side sessions for authentication, on an Orleans cluster.

        **Signing in.** `POST /auth/register`, then `POST /auth/login` gives an access token (a JWT, 15 minutes by default)
        and a refresh token. Send the access token as `Authorization: Bearer <token>`. When a call answers 401 `token_expired`,
        call `POST /auth/refresh` with the refresh token: it is rotated (use the new one), the session id stays the same.

        **Cookie mode** (browsers): add `?mode=cookie` to login and refresh. The tokens travel in `HttpOnly; Secure;
        SameSite=Strict` cookies and every state-changing call must send the `csrf_token` from the answer as `X-CSRF-Token`.

        **Revocation is immediate**: once a sign-out call returns, no node of the service accepts that session.
        Other services verify tokens with `/.well-known/jwks.json` and learn about revocation with `POST /auth/introspect`
        (RFC 7662: form body, HTTP Basic with an API key); gateways (NGINX `auth_request`, Traefik, Envoy) ask `GET /auth/check`.

        **Service API** (backends that sign their users in themselves: OIDC, SAML, magic links, their own user table): with a
        key from `Auth__ServiceKeys` in `X-Api-Key`, `POST /service/sessions` opens a session for the backend's own user id,
        with custom claims (copied into every access token, returned by introspection and `/auth/me`) and a client whose
        policy it follows; `/service/users/{user_id}/sessions` lists, patches claims and revokes.

        **Errors** are RFC 9457 problem details (`application/problem+json`) with a `code`; each operation lists the codes it
        can answer with. Bad input is never a 5xx.
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "OrleansSessions API";
        document.Info.Description = Introduction;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OpenApiSetup.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access token from login or refresh. In cookie mode the __Host-os_access cookie carries it instead.",
        };
        document.Components.SecuritySchemes[OpenApiSetup.ServiceKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A service key from Auth__ServiceKeys (compared in constant time); without a valid one, 401 invalid_api_key.",
        };
        document.Paths ??= [];
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[OpenApiSetup.ProblemSchema] = ProblemSchema(AnsweredCodes(document));
        document.Paths["/health/live"] = Health("Liveness: 200 while the process runs.", "Healthy", new JsonObject());
        document.Paths["/health/ready"] = Health(
            "Readiness: 200 when Redis and the Orleans cluster answer, 503 otherwise, naming each check and its status.",
            "Healthy",
            new JsonObject
            {
                ["orleans"] = new JsonObject { ["status"] = "Healthy", ["description"] = null },
                ["redis"] = new JsonObject { ["status"] = "Healthy", ["description"] = null },
            });
        return Task.CompletedTask;
    }

    /// <summary>
    /// The rows of the error table that some operation answers with (its error responses list them), in the table's order:
    /// a code kept for a later feature appears once an endpoint answers with it.
    /// </summary>
    private static List<ApiError> AnsweredCodes(OpenApiDocument document)
    {
        var answered = document.Paths.Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(operation => operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
            .SelectMany(response => response.Content ?? Enumerable.Empty<KeyValuePair<string, OpenApiMediaType>>())
            .Where(content => content.Key == ApiProblem.ContentType)
            .SelectMany(content => content.Value.Examples?.Keys ?? Enumerable.Empty<string>())
            .ToHashSet();
        return [.. ErrorCodes.All.Where(e => answered.Contains(e.Code))];
    }

    private static OpenApiSchema ProblemSchema(List<ApiError> codes) => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details with the contract's error code.",
        Required = new HashSet<string> { "type", "title", "status", "detail", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "urn:orleans-sessions:error:{code}" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request, for people." },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = string.Join("\n", codes.Select(e => $"- `{e.Code}` ({e.Status}): {e.Meaning}")),
                Enum = [.. codes.Select(e => (JsonNode)JsonValue.Create(e.Code))],
            },
        },
    };

    private static OpenApiPathItem Health(string summary, string status, JsonObject checks) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                Summary = summary,
                Tags = new HashSet<OpenApiTagReference> { new("Operators") },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse
                    {
                        Description = "Healthy.",
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Example = new JsonObject { ["status"] = status, ["checks"] = checks } },
                        },
                    },
                },
            },
        },
    };
}
