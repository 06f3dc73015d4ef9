using System.Diagnostics;
using System.Net;
using OrleansSessions.Grains.Expiry;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Events;
using OrleansSessions.IntegrationTests.Infrastructure;
using OrleansSessions.Testing.Processes;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// Redis away for 20 s: active sessions keep validating from memory, writes answer 503 <c>store_unavailable</c>
/// quickly, nothing unstored is reported done, readiness says so, and everything recovers by itself.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_redis_outage_keeps_validation_going_and_refuses_writes_cleanly()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1);
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress });

        // (Cheap to check here: processes without operator credentials, in Production.) Their /metrics and dashboard are
        // not served, and no Authorization header, Basic ones included, makes any of their endpoints fail.
        using var silo = new HttpClient { BaseAddress = cluster.Silos[0].BaseAddress };
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(silo, HttpStatusCode.NotFound, "/metrics", "/dashboard/");
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(silo, HttpStatusCode.OK, "/health/live");
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(api.Http, HttpStatusCode.NotFound, "/metrics");
        var users = new List<(System.Text.Json.Nodes.JsonObject Login, string Token)>();
        for (var i = 0; i < 5; i++)
        {
            users.Add(await api.SignUpAndLoginAsync());
        }

        var email = users[0].Login["user"]!["email"]!.GetValue<string>();

        // A user signed out everywhere: the grain is in memory without sessions, and its expiry index entry is gone.
        // Their next sign-in writes the entry before storing the session, which the outage refuses.
        var returning = await api.SignUpAndLoginAsync();
        var returningId = returning.Login["user"]!["user_id"]!.GetValue<string>();
        Assert.True(await IsIndexedAsync(cluster, returningId), $"user {returningId} has a session but no expiry index entry");
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/auth/logout", returning.Token)).StatusCode);
        Assert.True(
            await EventsSeen.EventuallyAsync(async () => !await IsIndexedAsync(cluster, returningId), TimeSpan.FromSeconds(30)),
            $"The expiry index entry of user {returningId} was still stored 30 s after their last session ended.");
        foreach (var (_, token) in users)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/me", token)).StatusCode);
        }

        await cluster.Redis.StopAsync();
        var outage = Stopwatch.StartNew();

        // Writes fail fast with the contract's code, and a revoke that could not be stored is not done.
        var login = Stopwatch.StartNew();
        await ApiClient.AssertProblemAsync(
            await api.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" }), HttpStatusCode.ServiceUnavailable, "store_unavailable");
        var loginSeconds = login.Elapsed.TotalSeconds;
        var returningLogin = new { email = returning.Login["user"]!["email"]!.GetValue<string>(), password = "correct horse battery" };
        await ApiClient.AssertProblemAsync(await api.PostJsonAsync("/auth/login", returningLogin), HttpStatusCode.ServiceUnavailable, "store_unavailable");
        await ApiClient.AssertProblemAsync(
            await api.PostJsonAsync("/auth/refresh", new { refresh_token = users[1].Login["refresh_token"]!.GetValue<string>() }),
            HttpStatusCode.ServiceUnavailable, "store_unavailable");
        await ApiClient.AssertProblemAsync(await api.PostAsync("/auth/logout", users[2].Token), HttpStatusCode.ServiceUnavailable, "store_unavailable");
        var ready = await api.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var checks = (await ApiClient.JsonAsync(ready))["checks"]!;
        Assert.Equal("Unhealthy", checks["redis"]!["status"]!.GetValue<string>());

        // The silo's management grain failed on the membership table: the failure itself came back, where Orleans used
        // to fail to serialize it (the check read CodecNotFoundException, and the silo logged an error per probe).
        Assert.Equal("Unhealthy", checks["orleans"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain(nameof(Orleans.Serialization.CodecNotFoundException), checks["orleans"]!["description"]!.GetValue<string>());
        Assert.DoesNotContain(nameof(Orleans.Serialization.CodecNotFoundException), cluster.Silos[0].Output);
        var siloReady = await silo.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, siloReady.StatusCode);
        Assert.Equal("Unhealthy", (await ApiClient.JsonAsync(siloReady))["checks"]!["redis"]!["status"]!.GetValue<string>());

        // Validation goes on from memory for the whole outage.
        var validations = 0;
        var failed = 0;
        var failures = new List<string>();
        while (outage.Elapsed < Outage)
        {
            foreach (var (_, token) in users)
            {
                validations++;
                var answer = await api.GetAsync("/auth/me", token);
                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    failed++;
                    failures.Add($"{outage.Elapsed.TotalSeconds:0.0} s: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                }
            }

            await Task.Delay(250);
        }

        await cluster.Redis.StartAgainAsync();
        var recovery = Stopwatch.StartNew();
        HttpResponseMessage relogin;
        do
        {
            await Task.Delay(250);
            relogin = await api.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" });
        }
        while (relogin.StatusCode != HttpStatusCode.OK && recovery.Elapsed < TimeSpan.FromSeconds(30));

        Figures.Report(output, $"Redis outage {Outage.TotalSeconds:0} s: login refused with 503 in {loginSeconds:0.00} s; "
            + $"{validations} validations during the outage, {failed} failed; writes accepted again {recovery.Elapsed.TotalSeconds:0.0} s after Redis returned.");
        if (failed > 0)
        {
            // When and how validations failed, and what the processes said (warnings and errors only).
            output.WriteLine(string.Join('\n', failures.Take(5).Concat(failures.TakeLast(5))));
            foreach (var process in cluster.Silos.Concat(cluster.Apis))
            {
                output.WriteLine(string.Join('\n', process.Output.Split('\n').Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase)
                    || l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("Exception", StringComparison.Ordinal)).TakeLast(40)));
            }
        }

        Assert.Equal(0, failed);
        Assert.InRange(loginSeconds, 0, 5);
        Assert.Equal(HttpStatusCode.OK, relogin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/me", users[2].Token)).StatusCode); // the failed logout did not happen
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/auth/login", returningLogin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await silo.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/auth/logout", users[2].Token)).StatusCode);
        await ApiClient.AssertProblemAsync(await api.GetAsync("/auth/me", users[2].Token), HttpStatusCode.Unauthorized, "session_revoked");
        var readyAgain = await api.GetAsync("/health/ready");
        for (var wait = Stopwatch.StartNew(); readyAgain.StatusCode != HttpStatusCode.OK && wait.Elapsed < TimeSpan.FromSeconds(30); readyAgain = await api.GetAsync("/health/ready"))
        {
            await Task.Delay(250);
        }

        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }

    /// <summary>Whether the user's shard of the expiry index (a sorted set in Redis) holds the user's grain.</summary>
    private static async Task<bool> IsIndexedAsync(LocalCluster cluster, string userId)
    {
        await using var connection = await cluster.Redis.ConnectAsync();
        var shard = RedisExpiryIndex.KeyOf(cluster.ClusterId, ExpiryShards.Of(userId));
        return await connection.GetDatabase().SortedSetScoreAsync(shard, userId) is not null;
    }
}
