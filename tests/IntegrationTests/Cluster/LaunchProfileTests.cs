using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// <c>dotnet run --project src/Api</c> (the README's first command) runs in Development through the launch profile, with
/// the dashboard open; without the profile (<c>--no-launch-profile</c>, <c>dotnet &lt;dll&gt;</c>, containers) it is Production.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LaunchProfileTests
{
    [Theory]
    [InlineData("Api", "http://localhost:5000")]
    [InlineData("Silo", "http://localhost:8080")]
    public void Each_program_has_a_development_launch_profile(string project, string url)
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(BuildOutput.RepositoryRoot, "src", project, "Properties", "launchSettings.json")))!;

        var profile = Assert.Single(settings["profiles"]!.AsObject()).Value!;
        Assert.Equal("Project", profile["commandName"]!.GetValue<string>());
        Assert.Equal(url, profile["applicationUrl"]!.GetValue<string>());
        Assert.Equal("Development", profile["environmentVariables"]!["ASPNETCORE_ENVIRONMENT"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.NotFound)]
    public async Task Dotnet_run_is_development_with_the_dashboard_open_and_production_without_the_profile(bool noLaunchProfile, HttpStatusCode dashboard)
    {
        await using var api = ServiceProcess.Run("Api", noLaunchProfile ? "api-no-profile" : "api-dotnet-run", new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
        }, noLaunchProfile ? ["--no-launch-profile"] : []);
        await api.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(120));
        using var http = new HttpClient { BaseAddress = api.BaseAddress };

        Assert.Equal(dashboard, (await http.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(dashboard, (await http.GetAsync("/metrics")).StatusCode);
        Assert.Contains(noLaunchProfile ? "off. Set Dashboard__Username" : "open without sign-in (Development", api.Output);
    }

    /// <summary>
    /// The README's quick tour on <c>dotnet run --project src/Api</c> with the logging the Api ships: the service's own
    /// line for the session it opened, no line per request from the framework (Kestrel, routing, results, Orleans'
    /// placement retries), and a graceful stop that logs no failure: the user's grain flushes its activity on the way
    /// out, into storage that is still there.
    /// </summary>
    [Fact]
    public async Task The_quick_tour_logs_the_session_not_each_request_and_stops_without_a_failure()
    {
        await using var api = ServiceProcess.RunWithShippedLogging("Api", "api-quick-tour", new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
        });
        await api.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(120));
        using var http = new HttpClient { BaseAddress = api.BaseAddress };

        var register = await http.PostAsJsonAsync("/auth/register", new { email = "ada@example.com", password = "correct horse" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var login = await http.PostAsJsonAsync("/auth/login", new { email = "ada@example.com", password = "correct horse", device_info = new { os = "Linux" } });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        using var list = new HttpRequestMessage(HttpMethod.Get, "/auth/sessions") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(list)).StatusCode);
        await api.StopGracefullyAsync(TimeSpan.FromSeconds(60));

        var output = api.Output;
        Assert.Equal(0, await api.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("Orleans Silo stopped", output);
        Assert.Matches(@"Session \S+ opened for user \w+", output);
        Assert.DoesNotContain("Request starting", output);
        Assert.DoesNotContain("Executing endpoint", output);
        Assert.DoesNotContain("Polly", output);
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
    }
}
