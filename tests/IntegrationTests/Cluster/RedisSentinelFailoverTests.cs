using System.Diagnostics;
using System.Net;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Infrastructure;
using OrleansSessions.Testing.Processes;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// <c>kill -9</c> of the Redis primary behind three Sentinels, under a steady login/refresh/validate load: the silo
/// and the Api follow the promoted replica by themselves (no restart) within 30 s, writes in the window fail with
/// 503 <c>store_unavailable</c> (never a 500), and the acknowledged sessions the failover lost are counted; with
/// <c>Redis:WaitForReplicas</c> none are.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisSentinelFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_cluster_follows_a_sentinel_failover_without_a_restart()
    {
        var (figures, lost) = await RunFailoverAsync(replicas: 1, waitForReplicas: 0);

        // Asynchronous replication: a write acknowledged just before the crash may be gone. Reported, not asserted.
        Figures.Report(output, $"Redis Sentinel failover (kill -9 of the primary, 1 replica, no WAIT): {figures}; acknowledged sessions lost: {lost}.");
    }

    [Fact]
    public async Task With_wait_for_replicas_no_acknowledged_session_is_lost_in_a_failover()
    {
        // WAIT 1 needs a replica after the failover too: two replicas, so one is left to acknowledge writes.
        var (figures, lost) = await RunFailoverAsync(replicas: 2, waitForReplicas: 1);

        Figures.Report(output, $"Redis Sentinel failover (kill -9 of the primary, 2 replicas, Redis:WaitForReplicas=1): {figures}; acknowledged sessions lost: {lost}.");
        Assert.Equal(0, lost);
    }

    private async Task<(string Figures, int Lost)> RunFailoverAsync(int replicas, int waitForReplicas)
    {
        await using var redis = await RedisSentinelDeployment.StartAsync(DownAfter, replicas);
        await using var cluster = await LocalCluster.StartAsync(redis.ConnectionString, silos: 1, apis: 1, new Dictionary<string, string>
        {
            ["Sessions__MaxPerUser"] = "10000", // no evictions: every session the load opens should survive
            ["Redis__WaitForReplicas"] = waitForReplicas.ToString(),
        });
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress, Timeout = TimeSpan.FromSeconds(30) });
        var emails = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            emails.Add(ApiClient.NewEmail());
            await api.RegisterAsync(emails[^1]);
        }

        // What waiting for a replica costs a write: 50 refreshes one after another on an idle cluster.
        var quietRefresh = await QuietRefreshMedianAsync(api, emails[0]);

        var load = new SessionWriteLoad(api, emails);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(refreshers: 2, validators: 2, stop.Token);
        await WaitForAsync(() => load.Sessions.Count >= 10 && load.Now > TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60), "the load never got going");

        var oldPrimaryPort = redis.Primary.Port;
        redis.Primary.Crash();
        var crashedAt = load.Now;
        var sentinelClock = Stopwatch.StartNew();
        while (await PrimaryPortOrZeroAsync(redis) is var port && (port == oldPrimaryPort || port == 0) && sentinelClock.Elapsed < RecoveryBound)
        {
            await Task.Delay(100);
        }

        var promotedAfter = load.Now - crashedAt;

        // Recovered: writes succeed again, steadily (five logins answered 200 after the last failed request).
        await WaitForAsync(() =>
        {
            var answers = load.Answers.ToList();
            var lastFailure = answers.Where(a => a.At > crashedAt && a.Status != HttpStatusCode.OK).Select(a => a.At).DefaultIfEmpty(crashedAt).Max();
            return answers.Count(a => a.Kind == "login" && a.Status == HttpStatusCode.OK && a.At > lastFailure) >= 5;
        }, TimeSpan.FromSeconds(60), "writes never succeeded steadily after the failover");
        stop.Cancel();
        await running;

        var all = load.Answers.ToList();
        var failures = all.Where(a => a.At > crashedAt && a.Status != HttpStatusCode.OK).ToList();

        // Recovered once no request fails any more and a write started after the crash has succeeded.
        var lastFailure = failures.Count == 0 ? crashedAt : failures.Max(a => a.At);
        var firstWrite = all.Where(a => a.Kind != "validate" && a.Started > crashedAt && a.Status == HttpStatusCode.OK).Min(a => a.At);
        var recovery = (lastFailure > firstWrite ? lastFailure : firstWrite) - crashedAt;
        var slowest = all.Where(a => a.At > crashedAt).Max(a => a.At - a.Started);
        var (acknowledged, ambiguous, lost) = await load.CheckSessionsAsync();
        foreach (var line in lost)
        {
            output.WriteLine($"lost: {line}");
        }

        var figures = $"refresh median {quietRefresh.TotalMilliseconds:0.00} ms idle (one at a time, before the load); sentinel-1 gave the new primary after {promotedAfter.TotalSeconds:0.0} s, writes and validations all succeeding again "
            + $"{recovery.TotalSeconds:0.0} s after the crash (no restart), slowest answer in the window {slowest.TotalSeconds:0.0} s; {all.Count} requests, {failures.Count} failed after the crash "
            + $"({Count(failures, "login")} logins, {Count(failures, "refresh")} refreshes, {Count(failures, "validate")} validations; "
            + string.Join(", ", failures.GroupBy(a => $"{(int)a.Status} {a.Code}").Select(g => $"{g.Count()}× {g.Key}"))
            + $"); {acknowledged} acknowledged sessions checked, {ambiguous} left out after a failed refresh";

        var serverErrors = all.Count(a => (int)a.Status >= 500 && !(a.Status == HttpStatusCode.ServiceUnavailable && a.Code == "store_unavailable"));
        Assert.True(serverErrors == 0, $"{serverErrors} answers were server errors other than 503 store_unavailable; the Api's log:\n"
            + string.Join('\n', cluster.Apis[0].Output.Split('\n').Where(l => l.Contains("rror", StringComparison.Ordinal) || l.StartsWith("   ", StringComparison.Ordinal)).Take(80)));
        Assert.True(recovery < RecoveryBound, $"not recovered within {RecoveryBound.TotalSeconds} s: {figures}");
        Assert.True(acknowledged >= 8, $"too few acknowledged sessions to count losses: {figures}");
        Assert.All(cluster.Silos.Concat(cluster.Apis), p => Assert.False(p.HasExited, $"{p.Name} exited:\n{p.Output}"));
        if (waitForReplicas > 0)
        {
            // The writes were waited for: the promoted primary ran WAIT.
            var primaryPort = await redis.PrimaryPortAsync();
            var promoted = redis.Replicas.Single(r => r.Port == primaryPort);
            Assert.Contains("cmdstat_wait:", (string)(await promoted.ExecuteAsync("INFO", "commandstats"))!, StringComparison.Ordinal);

            // Nothing acknowledged was lost, so nothing the load did ended as a refused session either.
            Assert.DoesNotContain(all, a => a.Status != HttpStatusCode.OK && a.Status != HttpStatusCode.ServiceUnavailable);
        }

        return (figures, lost.Count);
    }

    private static async Task<TimeSpan> QuietRefreshMedianAsync(ApiClient api, string email)
    {
        var refresh = (await api.LoginAsync(email))["refresh_token"]!.GetValue<string>();
        var times = new List<TimeSpan>();
        for (var i = 0; i < 50; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await api.PostJsonAsync("/auth/refresh", new { refresh_token = refresh });
            times.Add(clock.Elapsed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            refresh = (await ApiClient.JsonAsync(response))["refresh_token"]!.GetValue<string>();
        }

        return times.Order().ElementAt(times.Count / 2);
    }

    private static int Count(IEnumerable<SessionWriteLoad.Answer> answers, string kind) => answers.Count(a => a.Kind == kind);

    private static async Task<int> PrimaryPortOrZeroAsync(RedisSentinelDeployment redis)
    {
        try
        {
            return await redis.PrimaryPortAsync();
        }
        catch (StackExchange.Redis.RedisException)
        {
            return 0;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, failure);
            await Task.Delay(100);
        }
    }
}
