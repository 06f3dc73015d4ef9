using System.Net;
using System.Net.Http.Headers;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Outside Development, <c>/metrics</c> and the embedded dashboard are for operators who sign in (HTTP Basic).</summary>
public sealed class OperatorAccessTests(OperatorApiFactory factory) : IClassFixture<OperatorApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private static AuthenticationHeaderValue Operator =>
        new("Basic", BadAuthorizationHeaders.Encode($"{OperatorApiFactory.OperatorName}:{OperatorApiFactory.OperatorPassword}"));

    private async Task<HttpResponseMessage> AsOperatorAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = Operator } };
        return await _api.Http.SendAsync(request);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    public async Task An_anonymous_caller_is_asked_to_sign_in(string path)
    {
        var anonymous = await _api.GetAsync(path);

        Assert.StartsWith("Basic realm=", anonymous.Headers.WwwAuthenticate.ToString());
        await ApiClient.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "invalid_token"); // with a detail, as every problem
    }

    [Fact]
    public async Task Bad_authorization_headers_are_401_and_never_a_server_error()
    {
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(_api.Http, HttpStatusCode.Unauthorized, "/metrics", "/dashboard/");
    }

    [Fact]
    public async Task A_users_bearer_token_does_not_open_them_and_operator_credentials_open_nothing_else()
    {
        var token = (await _api.LoginAsync(OperatorApiFactory.AdminEmail, OperatorApiFactory.AdminPassword))["access_token"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/metrics", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/dashboard/", token)).StatusCode);
        await ApiClient.AssertProblemAsync(await AsOperatorAsync("/auth/me"), HttpStatusCode.Unauthorized, "invalid_token");
        await ApiClient.AssertProblemAsync(await AsOperatorAsync("/admin/links"), HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal("/dashboard", (await ApiClient.JsonAsync(await _api.GetAsync("/admin/links", token)))["dashboard_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_signed_in_operator_gets_the_dashboard()
    {
        var page = await AsOperatorAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.ToString());
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_in_operator_gets_the_metrics_for_prometheus()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var token = (await _api.LoginAsync(email))["access_token"]!.GetValue<string>();
        await _api.GetAsync("/auth/me", token);
        await _api.PostJsonAsync("/auth/login", new { email, password = "wrong password" });
        await _api.PostAsync("/auth/logout", token);

        var response = await AsOperatorAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metrics = await response.Content.ReadAsStringAsync();
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
}
