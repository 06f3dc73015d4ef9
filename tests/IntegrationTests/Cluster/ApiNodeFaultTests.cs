using System.Net;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// An Api node killed while it holds a cache lease: a sign-out on another node must still succeed at its first attempt
/// (it waits out the dead node's lease, a few seconds, as the node cannot be told), and the token is refused from then on.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiNodeFaultTests
{
    [Fact]
    public async Task A_logout_right_after_an_api_node_dies_succeeds_and_holds()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 2);
        var survivor = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress, Timeout = TimeSpan.FromSeconds(60) });
        var doomed = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[1].BaseAddress });
        var (_, token) = await survivor.SignUpAndLoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await doomed.GetAsync("/auth/me", token)).StatusCode); // its cache holds the session

        cluster.Apis[1].Crash();
        var logout = await survivor.PostJsonAsync("/auth/logout", new { }, token);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await ApiClient.AssertProblemAsync(await survivor.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "session_revoked");
        // Answered by the first call, not by a retry after it timed out (a retry queues behind the first call, which
        // is still waiting, and can time out in turn: a 503 for a sign-out that happened).
        Assert.DoesNotContain("Response did not arrive on time", cluster.Apis[0].Output);
    }
}
