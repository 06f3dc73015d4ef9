using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.Samples.BackendSignIn;

namespace OrleansSessions.IntegrationTests.Service;

/// <summary>The sample backend (<c>samples/BackendSignIn</c>) against the real Api: its own sign-in, OrleansSessions' sessions.</summary>
public sealed class SampleAppTests(ServiceApiFactory factory) : IClassFixture<ServiceApiFactory>
{
    private async Task<WebApplication> StartSampleAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["OrleansSessions:Url"] = "http://localhost";
        builder.Configuration["OrleansSessions:ServiceKey"] = ServiceApiFactory.Key;
        SampleApp.AddServices(builder, factory.Server.CreateHandler());
        var app = builder.Build();
        SampleApp.MapEndpoints(app);
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> GetProfileAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/profile") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_sample_signs_users_in_itself_and_keeps_their_sessions_in_orleans_sessions()
    {
        await using var sample = await StartSampleAsync();
        var client = sample.GetTestClient();

        var wrong = await client.PostAsJsonAsync("/signin", new { username = "alice", password = "not her password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var signIn = await client.PostAsJsonAsync("/signin", new { username = "alice", password = "wonderland-rabbit" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var tokens = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!;
        var token = tokens["access_token"]!.GetValue<string>();

        var profile = JsonNode.Parse(await (await GetProfileAsync(client, token)).Content.ReadAsStringAsync())!;
        Assert.Equal("sample|alice", profile["user_id"]!.GetValue<string>());
        Assert.Equal("acme", profile["tenant"]!.GetValue<string>());

        // The session is an OrleansSessions session like any other: the user sees it among their devices.
        var api = new ApiClient(factory.CreateClient());
        var devices = await ApiClient.JsonAsync(await api.GetAsync("/auth/sessions", token));
        Assert.Equal("service", devices["sessions"]![0]!["sign_in_method"]!.GetValue<string>());

        var signOut = new HttpRequestMessage(HttpMethod.Post, "/signout-everywhere") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(signOut)).StatusCode);
        await ApiClient.AssertProblemAsync(await api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "session_revoked");

        // The sample reuses an introspection answer for up to 5 seconds (the client library's default): poll, generously.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await GetProfileAsync(client, token)).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sample still accepts a revoked session");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task The_sample_refuses_the_token_of_a_user_registered_with_the_service()
    {
        await using var sample = await StartSampleAsync();
        var (_, registered) = await new ApiClient(factory.CreateClient()).SignUpAndLoginAsync(); // a valid, active session of another id space

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetProfileAsync(sample.GetTestClient(), registered)).StatusCode);
    }
}
