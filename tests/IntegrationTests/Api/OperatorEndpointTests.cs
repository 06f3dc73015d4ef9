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
    public async Task Metrics_are_exposed_for_prometheus()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var token = (await _api.LoginAsync(email))["access_token"]!.GetValue<string>();
        await _api.GetAsync("/auth/me", token);
        await _api.PostJsonAsync("/auth/login", new { email, password = "wrong password" });
        await _api.PostAsync("/auth/logout", token);

        var metrics = await _api.Http.GetStringAsync("/metrics");

        foreach (var name in new[]
                 {
                     "sessions_created_total", "sessions_revoked_total", "sessions_validations_total", "logins_failed_total",
                     "sessions_validation_duration_milliseconds_bucket", "http_server_request_duration_seconds_bucket",
                 })
        {
            Assert.Matches($@"(?m)^{name}\{{[^}}]*\}} [1-9]", metrics);
        }

        Assert.Contains("otel_scope_name=\"Microsoft.Orleans\"", metrics);
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
    public async Task Docs_are_served_for_people()
    {
        var response = await _api.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Embedded_mode_serves_the_dashboard_for_development()
    {
        var response = await _api.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Unknown_paths_and_methods_get_problems_with_a_code()
    {
        var missing = await _api.GetAsync("/nope");
        await ApiClient.AssertProblemAsyncLoose(missing, HttpStatusCode.NotFound, "not_found");
        var wrongMethod = await _api.GetAsync("/auth/login");
        await ApiClient.AssertProblemAsyncLoose(wrongMethod, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_with_413()
    {
        var body = $$"""{"email":"a@example.com","password":"{{new string('x', 100_000)}}"}""";
        var response = await _api.Http.PostAsync("/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_without_a_5xx()
    {
        var response = await _api.Http.PostAsync("/auth/login", new StringContent("email=a&password=b", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
