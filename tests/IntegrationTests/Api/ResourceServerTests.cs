using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansSessions.Client;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Another service accepting OrleansSessions tokens through <c>AddOrleansSessionsBearer</c>, against the real Api.</summary>
public sealed class ResourceServerTests(SecurityApiFactory factory) : IClassFixture<SecurityApiFactory>
{
    private async Task<WebApplication> ResourceServerAsync(string? introspectionKey)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication().AddOrleansSessionsBearer(o =>
        {
            o.Authority = new Uri("http://localhost");
            o.IntrospectionApiKey = introspectionKey;
            o.IntrospectionCacheDuration = TimeSpan.Zero;
            o.BackchannelHandler = factory.Server.CreateHandler();
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/data", (ClaimsPrincipal user) => user.FindFirstValue("sub")).RequireAuthorization();
        await app.StartAsync();
        return app;
    }

    private static Task<HttpResponseMessage> GetDataAsync(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/data") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Verifies_tokens_with_the_jwks_and_learns_revocation_by_introspection()
    {
        var api = new ApiClient(factory.CreateClient());
        var (login, token) = await api.SignUpAndLoginAsync();
        await using var server = await ResourceServerAsync(SecurityApiFactory.IntrospectionKey);
        var client = server.GetTestClient();

        var ok = await GetDataAsync(client, token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(login["user"]!["user_id"]!.GetValue<string>(), await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetDataAsync(client, token[..^4] + "AAAA")).StatusCode);

        await api.PostAsync("/auth/logout", token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetDataAsync(client, token)).StatusCode);
    }

    [Fact]
    public async Task Without_introspection_a_valid_signature_is_enough()
    {
        var api = new ApiClient(factory.CreateClient());
        var (_, token) = await api.SignUpAndLoginAsync();
        await using var server = await ResourceServerAsync(introspectionKey: null);
        var client = server.GetTestClient();

        await api.PostAsync("/auth/logout", token);

        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, token)).StatusCode); // stateless: revocation unseen
    }
}
