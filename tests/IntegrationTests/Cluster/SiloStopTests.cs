using System.Net;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Infrastructure;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>Sessions live in Redis, not in a silo: stopping a silo loses none of them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloStopTests
{
    [Fact]
    public async Task Sessions_survive_stopping_one_silo()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 2, apis: 1);
        var api = new ApiClient(new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress });
        var tokens = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            tokens.Add((await api.SignUpAndLoginAsync()).Token);
        }

        await cluster.Silos[0].StopGracefullyAsync(TimeSpan.FromSeconds(30));

        foreach (var token in tokens)
        {
            var status = await EventuallyAnsweredAsync(api, token, TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.False(cluster.Silos[1].HasExited);
    }

    /// <summary>The status of the first answer that is not a transient 503 (calls in flight to a departing silo may fail).</summary>
    private static async Task<HttpStatusCode> EventuallyAnsweredAsync(ApiClient api, string token, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var response = await api.GetAsync("/auth/me", token);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(200);
        }
    }
}
