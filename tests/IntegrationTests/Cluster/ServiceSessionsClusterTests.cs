using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Service;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// Service sessions across real processes (two silos, two Api nodes): what a backend does on one node holds on the
/// other at once (claims, revocation), and the per-user limit holds when one user's sessions are opened on both at once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ServiceSessionsClusterTests(TwoSiloClusterFixture fixture) : IClassFixture<TwoSiloClusterFixture>
{
    private readonly HttpClient _httpA = new() { BaseAddress = fixture.Cluster.Apis[0].BaseAddress };
    private readonly HttpClient _httpB = new() { BaseAddress = fixture.Cluster.Apis[1].BaseAddress };

    private ServiceClient ServiceOn(HttpClient http) => new(http, TwoSiloClusterFixture.ServiceKey);

    [Fact]
    public async Task Claims_changes_and_revocations_made_on_one_api_node_hold_on_the_other_at_once()
    {
        var (serviceA, serviceB) = (ServiceOn(_httpA), ServiceOn(_httpB));
        var apiB = new ApiClient(_httpB);
        var userId = ServiceClient.NewUserId();
        var opened = await serviceA.OpenAsync(userId, new { tenant = "acme", plan = "free" });
        var token = opened["access_token"]!.GetValue<string>();
        var sessionId = opened["session_id"]!.GetValue<string>();

        var me = await ApiClient.JsonAsync(await apiB.GetAsync("/auth/me", token));
        Assert.Equal("free", me["claims"]!["plan"]!.GetValue<string>());

        var patched = await serviceA.SendAsync(HttpMethod.Patch, ServiceClient.Path(userId, sessionId), new { claims = new { tenant = "acme", plan = "pro" } });
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal("pro", (await IntrospectAsync(_httpB, token))["claims"]!["plan"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await serviceB.SendAsync(HttpMethod.Delete, ServiceClient.Path(userId, sessionId))).StatusCode);
        await ApiClient.AssertProblemAsync(await new ApiClient(_httpA).GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "session_revoked");
        Assert.False((await IntrospectAsync(_httpA, token))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Concurrent_opens_for_one_user_split_across_both_api_nodes_never_leave_more_than_the_limit()
    {
        var services = new[] { ServiceOn(_httpA), ServiceOn(_httpB) };
        var userId = ServiceClient.NewUserId();

        var opened = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => services[i % 2].OpenAsync(userId)));

        var listed = await services[1].ListAsync(userId);
        Assert.Equal(5, listed["count"]!.GetValue<int>()); // Sessions__MaxPerUser's default, EvictOldest
        var kept = listed["sessions"]!.AsArray().Select(s => s!["session_id"]!.GetValue<string>()).ToHashSet();
        foreach (var session in opened)
        {
            var token = session["access_token"]!.GetValue<string>();
            var active = kept.Contains(session["session_id"]!.GetValue<string>());
            foreach (var http in new[] { _httpA, _httpB })
            {
                var me = await new ApiClient(http).GetAsync("/auth/me", token);
                Assert.Equal(active ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, me.StatusCode);
            }
        }
    }

    private static async Task<JsonObject> IntrospectAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = JsonContent.Create(new { token }) };
        request.Headers.Add("X-Api-Key", TwoSiloClusterFixture.ServiceKey);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiClient.JsonAsync(response);
    }
}
