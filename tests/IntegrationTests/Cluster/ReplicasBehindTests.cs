using System.Net;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Service;
using OrleansSessions.Testing.Processes;
using StackExchange.Redis;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// <c>Redis:WaitForReplicas</c> promises that a change answered done survives a failover. Here no replica ever
/// acknowledges (a primary without replicas): the primary takes each write, <c>WAIT</c> times out, and nothing may be
/// answered done, whichever grain wrote (a session, an account); the failure is a 503 <c>store_unavailable</c>, never a
/// 500; the grain goes back to what it held before, and its next write replaces the primary's unconfirmed copy.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReplicasBehindTests
{
    private const string ServiceKey = "replicas-behind-key-9Jw2";

    [Fact]
    public async Task A_write_no_replica_acknowledged_is_not_answered_done()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1, new Dictionary<string, string>
        {
            ["Redis__WaitForReplicas"] = "1",
            ["Redis__WaitTimeout"] = "00:00:00.050",
            ["Auth__ServiceKeys"] = ServiceKey,
        });
        var http = new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress };
        var service = new ServiceClient(http, ServiceKey);
        var userId = ServiceClient.NewUserId();

        var opened = await service.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = userId });
        await ApiClient.AssertProblemAsync(opened, HttpStatusCode.ServiceUnavailable, "store_unavailable");

        // The primary took the write all the same: it holds an unconfirmed copy of a session nobody was given.
        using var redis = await cluster.Redis.ConnectAsync();
        var stored = (RedisKey)$"{cluster.ClusterId}/state/user-sessions/{ExternalUsers.GrainKey(userId)}/sessions";
        Assert.True(await redis.GetDatabase().KeyExistsAsync(stored), "the primary did not take the unconfirmed write");

        var registered = await new ApiClient(http).PostJsonAsync("/auth/register", new { email = ApiClient.NewEmail(), password = "correct horse battery" });
        await ApiClient.AssertProblemAsync(registered, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        Assert.Equal(0, (await service.ListAsync(userId))["count"]!.GetValue<int>()); // failed: memory went back

        // The grain's next write (the listing flushes what is unsaved) replaces that copy with what memory holds: the
        // user has nothing, so the key goes, and a failover or a restart cannot bring the session back.
        Assert.False(await redis.GetDatabase().KeyExistsAsync(stored), "the unconfirmed session was left in the store");
    }
}
