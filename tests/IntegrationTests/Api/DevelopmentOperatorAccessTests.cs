using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>In Development (<c>dotnet run --project src/Api</c>) with no operator credentials, the dashboard and metrics are open.</summary>
public sealed class DevelopmentOperatorAccessTests(DevelopmentApiFactory factory) : IClassFixture<DevelopmentApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task The_dashboard_and_metrics_are_open_for_development()
    {
        var dashboard = await _api.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("text/html", dashboard.Content.Headers.ContentType!.ToString());
        Assert.Contains("sessions_", await _api.Http.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Any_authorization_header_is_no_server_error()
    {
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(_api.Http, HttpStatusCode.OK, "/metrics", "/dashboard/");
    }
}
