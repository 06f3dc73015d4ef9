using System.Net;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Infrastructure;
using OrleansSessions.Testing.Processes;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>Silos crash or are stopped under a steady validation load; sessions live in Redis, so none is lost.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFaultTests(ITestOutputHelper output)
{
    private const int Users = 30;

    private static async Task<(LocalCluster Cluster, List<HttpClient> Apis, List<string> Tokens)> StartAsync()
    {
        var cluster = await LocalCluster.StartAsync(silos: 3, apis: 2);
        var apis = cluster.Apis.Select(a => new HttpClient { BaseAddress = a.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }).ToList();
        var client = new ApiClient(apis[0]);
        var tokens = new List<string>();
        for (var i = 0; i < Users; i++)
        {
            tokens.Add((await client.SignUpAndLoginAsync()).Token);
        }

        return (cluster, apis, tokens);
    }

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_session_and_the_cluster_recovers_quickly()
    {
        var (cluster, apis, tokens) = await StartAsync();
        await using var _ = cluster;
        var load = new ValidationLoad(apis, tokens);

        var run = load.RunAsync(TimeSpan.FromSeconds(25));
        await Task.Delay(TimeSpan.FromSeconds(8));
        var killedAt = load.Now;
        cluster.Silos[0].Crash();
        await run;

        var figures = load.Summarise(killedAt);
        Figures.Report(output, $"kill -9 of 1 of 3 silos under load: {figures}");
        Assert.Equal(0, figures.SessionsLost);
        Assert.True(figures.FailedPercent < 1.0, figures.ToString());
        Assert.True(figures.Recovery < TimeSpan.FromSeconds(10), figures.ToString());
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, (await new ApiClient(apis[1]).GetAsync("/auth/me", token)).StatusCode);
        }
    }

    [Fact]
    public async Task A_silo_stopped_gracefully_under_load_fails_no_request_and_flushes_activity()
    {
        var (cluster, apis, tokens) = await StartAsync();
        await using var _ = cluster;
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // last_activity has whole seconds: make the validation later than the login
        var client = new ApiClient(apis[0]);
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me", token)).StatusCode);
        }

        var load = new ValidationLoad(apis, tokens);
        var run = load.RunAsync(TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(4));
        var stoppedAt = load.Now;
        await cluster.Silos[0].StopGracefullyAsync(TimeSpan.FromSeconds(30));
        await run;

        var figures = load.Summarise(stoppedAt);
        Figures.Report(output, $"SIGTERM of 1 of 3 silos under load: {figures}");
        Assert.Equal(0, figures.Failed);

        // Activity buffered in the stopped silo's grains was written on deactivation: no session shows its login time.
        foreach (var token in tokens)
        {
            var session = (await ApiClient.JsonAsync(await client.GetAsync("/auth/sessions", token)))["sessions"]![0]!;
            Assert.NotEqual(session["created_at"]!.GetValue<string>(), session["last_activity"]!.GetValue<string>());
        }
    }
}
