using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansSessions.IntegrationTests.Api;

public sealed class OperatorEndpointTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task Liveness_and_readiness_answer_with_each_check()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/health/live")).StatusCode);

        var ready = await _api.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ApiClient.JsonAsync(ready);
        Assert.Equal("Healthy", body["checks"]!["orleans"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["redis"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_names_every_endpoint()
    {
        var document = await _api.Http.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/auth/register", "/auth/login", "/auth/refresh", "/auth/me", "/auth/sessions", "/auth/sessions/{session_id}", "/auth/logout", "/auth/logout-all", "/auth/sessions/stats" })
        {
            Assert.Contains($"\"{path}\"", document);
        }
    }

    [Fact]
    public async Task The_openapi_document_gives_each_operation_its_error_codes_with_examples()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await _api.Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        Assert.DoesNotContain(paths, p => p.Key.StartsWith("/dashboard", StringComparison.Ordinal));
        foreach (var path in new[] { "/admin/users/{user_id}/sessions", "/auth/introspect", "/.well-known/jwks.json", "/health/live", "/health/ready", "/auth/password" })
        {
            Assert.True(paths.ContainsKey(path), path);
        }

        var documented = new HashSet<string>();
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var (status, response) in operation!["responses"]!.AsObject().Where(r => int.Parse(r.Key, CultureInfo.InvariantCulture) >= 400))
                {
                    foreach (var (code, example) in response!["content"]!["application/problem+json"]!["examples"]!.AsObject())
                    {
                        Assert.Equal(code, example!["value"]!["code"]!.GetValue<string>());
                        Assert.Equal(status, example["value"]!["status"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture));
                        Assert.Contains($"`{code}`", response["description"]!.GetValue<string>());
                        documented.Add(code);
                    }
                }
            }
        }

        Assert.Equal(ContractCodes.Order(), documented.Order());
        var me = paths["/auth/me"]!["get"]!["responses"]!["401"]!["content"]!["application/problem+json"]!["examples"]!.AsObject();
        Assert.Equal(["invalid_token", "token_expired", "session_revoked", "session_expired"], me.Select(e => e.Key));
        var login = paths["/auth/login"]!["post"]!;
        Assert.Equal(["bearer", "cookie"], login["responses"]!["200"]!["content"]!["application/json"]!["examples"]!.AsObject().Select(e => e.Key));
        Assert.Contains(login["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "mode");
        Assert.Contains("401", paths["/auth/refresh"]!["post"]!["responses"]!.AsObject().Select(r => r.Key));
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var body in new[] { "LoginRequest", "TokenResponse", "CookieSessionResponse", "SessionListResponse", "RegisterRequest", "IntrospectionResponse" })
        {
            Assert.NotEmpty(schemas[body]!["examples"]!.AsArray());
        }

        Assert.Equal("ada@example.com", schemas["LoginRequest"]!["examples"]![0]!["email"]!.GetValue<string>());
        Assert.Equal(["email", "password"], schemas["LoginRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    /// <summary>The error codes of API.md's table.</summary>
    private static readonly string[] ContractCodes =
    [
        "validation_failed", "invalid_credentials", "invalid_token", "token_expired", "session_revoked", "session_expired",
        "refresh_token_reused", "invalid_api_key", "forbidden", "reauthentication_required", "csrf_failed", "session_not_found",
        "email_taken", "session_limit_reached", "last_admin", "payload_too_large", "rate_limited", "store_unavailable",
    ];

    [Fact]
    public async Task Docs_are_served_for_people()
    {
        var response = await _api.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Unknown_paths_and_methods_get_problems_with_a_code()
    {
        var missing = await _api.GetAsync("/nope");
        await ApiClient.AssertProblemAsync(missing, HttpStatusCode.NotFound, "not_found");
        var wrongMethod = await _api.GetAsync("/auth/login");
        await ApiClient.AssertProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_with_413()
    {
        var body = $$"""{"email":"a@example.com","password":"{{new string('x', 100_000)}}"}""";
        var response = await _api.Http.PostAsync("/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString()); // refused from Content-Length, before any endpoint
    }

    [Theory]
    [InlineData("/auth/login", "application/x-www-form-urlencoded")]
    [InlineData("/auth/register", "application/x-www-form-urlencoded")]
    [InlineData("/auth/refresh", "text/plain")]
    public async Task A_body_sent_as_another_media_type_than_json_is_validation_failed_like_malformed_json(string path, string mediaType)
    {
        var response = await _api.Http.PostAsync(path, new StringContent("email=a%40example.com&password=b", Encoding.UTF8, mediaType));

        // The contract's error table has no 415; malformed input is 400 validation_failed.
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }
}
