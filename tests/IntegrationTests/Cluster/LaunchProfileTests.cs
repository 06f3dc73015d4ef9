using System.Net;
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
}
