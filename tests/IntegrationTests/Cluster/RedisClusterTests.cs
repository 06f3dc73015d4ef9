using System.Net;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Infrastructure;
using OrleansSessions.Testing.Processes;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// The service on a real three-primary Redis Cluster: membership, grain state and the cluster-wide throttle work with
/// the slots spread over the nodes, and no command ever spans two slots (CROSSSLOT).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sessions_membership_and_throttling_run_on_a_three_primary_redis_cluster()
    {
        await using var redis = await RedisClusterDeployment.StartAsync(primaries: 3);
        await using var cluster = await LocalCluster.StartAsync(redis.ConnectionString, silos: 2, apis: 1);
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress });

        // Register, log in, validate, refresh, list and revoke, for enough users that their grains land on every node.
        var users = new List<(string Email, string Token, string Refresh)>();
        for (var i = 0; i < 12; i++)
        {
            var email = ApiClient.NewEmail();
            await api.RegisterAsync(email);
            var login = await api.LoginAsync(email);
            users.Add((email, login["access_token"]!.GetValue<string>(), login["refresh_token"]!.GetValue<string>()));
        }

        foreach (var (_, token, refresh) in users)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/me", token)).StatusCode);
            var refreshed = await api.PostJsonAsync("/auth/refresh", new { refresh_token = refresh });
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            Assert.Equal(1, (await ApiClient.JsonAsync(await api.GetAsync("/auth/sessions", token)))["count"]!.GetValue<int>());
        }

        var revoked = users[0].Token;
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/auth/logout", revoked)).StatusCode);
        await ApiClient.AssertProblemAsync(await api.GetAsync("/auth/me", revoked), HttpStatusCode.Unauthorized, "session_revoked");

        // The throttle counts failures for an account across the cluster.
        var throttled = users[1].Email;
        for (var i = 0; i < 5; i++)
        {
            await ApiClient.AssertProblemAsync(
                await api.PostJsonAsync("/auth/login", new { email = throttled, password = "wrong password" }), HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await ApiClient.AssertProblemAsync(
            await api.PostJsonAsync("/auth/login", new { email = throttled, password = "correct horse battery" }), HttpStatusCode.TooManyRequests, "rate_limited");

        // A silo restarted against the cluster finds its state again (every key is read back through its own node).
        await cluster.Silos[0].StopGracefullyAsync(TimeSpan.FromSeconds(30));
        foreach (var (_, token, _) in users.Skip(2))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/me", token)).StatusCode);
        }

        var keysByNode = await redis.KeysByNodeAsync();
        var prefix = $"{cluster.ClusterId}/";
        var ours = keysByNode.ToDictionary(n => n.Key.Name, n => n.Value.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList());
        var all = ours.Values.SelectMany(k => k).ToList();
        Figures.Report(output, "Redis Cluster (3 primaries): keys per node "
            + string.Join(", ", ours.Select(n => $"{n.Key} {n.Value.Count}")) + $"; {all.Count} keys in all.");

        Assert.True(ours.Count(n => n.Value.Count > 0) >= 2, "the keys all landed on one node: " + string.Join(", ", all));
        Assert.Contains($"{cluster.ClusterId}/members/{cluster.ClusterId}", all); // membership: one hash, one slot
        Assert.Equal(users.Count - 1, all.Count(k => k.StartsWith($"{prefix}state/user-sessions/", StringComparison.Ordinal)
            && !k.EndsWith("/devices", StringComparison.Ordinal))); // one user logged out; the device history (new_device) is a key of its own
        Assert.Equal(users.Count, all.Count(k => k.StartsWith($"{prefix}state/account/", StringComparison.Ordinal)));

        // Sizing: what a registered account costs (it never expires), measured on the node that holds it.
        var accountBytes = 0L;
        foreach (var (node, keys) in keysByNode)
        {
            foreach (var key in keys.Where(k => k.StartsWith($"{prefix}state/account/", StringComparison.Ordinal)))
            {
                accountBytes += (long)await node.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
            }
        }

        Figures.Report(output, $"Redis sizing: an account (email, password hash, roles): MEMORY USAGE {accountBytes / users.Count} bytes.");

        var processes = cluster.Silos.Concat(cluster.Apis).ToList();
        Assert.All(processes, p => Assert.DoesNotContain("CROSSSLOT", p.Output, StringComparison.Ordinal));
        Assert.All(processes, p => Assert.DoesNotContain("RedisStorageException", p.Output, StringComparison.Ordinal));
    }
}
