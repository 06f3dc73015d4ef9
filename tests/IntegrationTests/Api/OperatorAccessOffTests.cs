using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Outside Development with no operator credentials, <c>/metrics</c> and the dashboard are not served at all.</summary>
public sealed class OperatorAccessOffTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task Metrics_and_the_dashboard_are_not_served_whatever_the_authorization_header()
    {
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(_api.Http, HttpStatusCode.NotFound, "/metrics", "/dashboard", "/dashboard/");
    }

    [Fact]
    public async Task Basic_credentials_elsewhere_are_no_server_error()
    {
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(_api.Http, HttpStatusCode.OK, "/health/live", "/.well-known/jwks.json");
    }
}
