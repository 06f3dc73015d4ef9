using System.Diagnostics;
using System.Net;
using System.Reflection;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>The README's <c>scripts/cluster.sh</c> starts a working cluster and stops all of it on SIGTERM.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterScriptTests
{
    [Fact]
    public async Task The_cluster_script_starts_a_working_cluster_and_stops_it_cleanly()
    {
        var state = Directory.CreateTempSubdirectory("orleans-sessions-script-").FullName;
        int[] apiPorts = [FreePort.Next(), FreePort.Next()];
        var start = new ProcessStartInfo("bash", [Path.Combine(BuildOutput.RepositoryRoot, "scripts", "cluster.sh"), "2", "2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["NO_BUILD"] = "1",
                ["CONFIGURATION"] = typeof(ClusterScriptTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration,
                ["STATE_DIR"] = state,
                ["REDIS_PORT"] = FreePort.Next().ToString(),
                ["SILO_PORTS"] = $"{FreePort.Next()} {FreePort.Next()}",
                ["GATEWAY_PORTS"] = $"{FreePort.Next()} {FreePort.Next()}",
                ["SILO_HTTP_PORTS"] = $"{FreePort.Next()} {FreePort.Next()}",
                ["API_PORTS"] = string.Join(' ', apiPorts),
            },
        };
        using var script = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        script.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        script.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            var apis = apiPorts.Select(p => new ApiClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p}") })).ToList();
            foreach (var api in apis)
            {
                await WaitReadyAsync(api, script, output);
            }

            var (_, token) = await apis[0].SignUpAndLoginAsync();
            Assert.Equal(HttpStatusCode.OK, (await apis[1].GetAsync("/auth/me", token)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await apis[0].GetAsync("/metrics")).StatusCode); // Production, with the operator sign-in

            // Each process runs on its project's content root: the web pages are served, and the shipped
            // appsettings.json keeps the framework's per-request lines out of the logs.
            Assert.Equal(HttpStatusCode.OK, (await apis[1].Http.GetAsync("/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await apis[1].Http.GetAsync("/admin.html")).StatusCode);
            Assert.DoesNotContain("info: Microsoft.AspNetCore", await File.ReadAllTextAsync(Path.Combine(state, "api-1.log")));
            Assert.DoesNotContain("info: Polly", await File.ReadAllTextAsync(Path.Combine(state, "silo-1.log")));
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", script.Id.ToString()]))
            {
                await term.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await script.WaitForExitAsync(cts.Token);
        }

        // Everything it started is gone: nothing answers on the Api ports any more.
        foreach (var port in apiPorts)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{port}/health/live"));
        }

        Directory.Delete(state, recursive: true);
    }

    private static async Task WaitReadyAsync(ApiClient api, Process script, IEnumerable<string> output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !script.HasExited)
        {
            try
            {
                if ((await api.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The cluster script's Api did not become ready:\n" + string.Join('\n', output));
    }
}
