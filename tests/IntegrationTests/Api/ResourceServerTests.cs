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
    /// <summary>Counts the introspection calls that leave the resource server, per token.</summary>
    private sealed class IntrospectionCounter : DelegatingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _calls = new();

        public int CallsFor(string token) => _calls.GetValueOrDefault(token);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/auth/introspect")
            {
                var token = System.Text.Json.Nodes.JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!["token"]!.GetValue<string>();
                _calls.AddOrUpdate(token, 1, (_, n) => n + 1);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private async Task<WebApplication> ResourceServerAsync(string? introspectionKey, Action<ResourceServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication().AddOrleansSessionsBearer(o =>
        {
            o.Authority = new Uri("http://localhost");
            o.IntrospectionApiKey = introspectionKey;
            o.IntrospectionCacheDuration = TimeSpan.Zero;
            o.BackchannelHandler = factory.Server.CreateHandler();
            configure?.Invoke(o);
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/data", (ClaimsPrincipal user) => user.FindFirstValue("sub")).RequireAuthorization();
        app.MapGet("/who", (ClaimsPrincipal user) => new { admin = user.IsInRole("admin"), amr = user.AuthMethods(), backend_user = user.IsBackendUser() })
            .RequireAuthorization();
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
    public async Task Registered_users_are_refused_where_only_backend_users_are_accepted_and_roles_are_the_services()
    {
        var api = new ApiClient(factory.CreateClient());
        var admin = (await api.LoginAsync(SecurityApiFactory.AdminEmail, SecurityApiFactory.AdminPassword))["access_token"]!.GetValue<string>();
        await using var anyone = await ResourceServerAsync(introspectionKey: null);
        await using var backendsOnly = await ResourceServerAsync(introspectionKey: null, o => o.AcceptedAuthMethods = [SessionAuthMethods.Backend]);

        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(anyone.GetTestClient(), admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetDataAsync(backendsOnly.GetTestClient(), admin)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", admin) } };
        var who = System.Text.Json.Nodes.JsonNode.Parse(await (await anyone.GetTestClient().SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.True(who["admin"]!.GetValue<bool>()); // the token's roles are the principal's roles
        Assert.Equal([SessionAuthMethods.Password], who["amr"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.False(who["backend_user"]!.GetValue<bool>());
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

    [Fact]
    public async Task An_introspection_answer_is_reused_only_for_its_duration()
    {
        var api = new ApiClient(factory.CreateClient());
        var (_, token) = await api.SignUpAndLoginAsync();
        var counter = new IntrospectionCounter { InnerHandler = factory.Server.CreateHandler() };
        await using var server = await ResourceServerAsync(SecurityApiFactory.IntrospectionKey, o =>
        {
            o.IntrospectionCacheDuration = TimeSpan.FromSeconds(1);
            o.BackchannelHandler = counter;
        });
        var client = server.GetTestClient();
        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, token)).StatusCode);
        Assert.Equal(1, counter.CallsFor(token));

        await api.PostAsync("/auth/logout", token);

        // The remembered "active" holds until it expires, then the next request asks again and learns of the logout.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await GetDataAsync(client, token)).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the introspection answer was never asked again");
            await Task.Delay(50);
        }

        Assert.Equal(2, counter.CallsFor(token));
    }

    [Fact]
    public async Task The_introspection_cache_is_bounded_in_bytes_and_evicts_the_least_recently_used()
    {
        var api = new ApiClient(factory.CreateClient());
        var tokens = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            tokens.Add((await api.SignUpAndLoginAsync()).Token);
        }

        var counter = new IntrospectionCounter { InnerHandler = factory.Server.CreateHandler() };
        await using var server = await ResourceServerAsync(SecurityApiFactory.IntrospectionKey, o =>
        {
            o.IntrospectionCacheDuration = TimeSpan.FromMinutes(5);
            o.IntrospectionCacheSizeLimit = (long)(3.1 * (tokens[0].Length + ResourceServerOptions.IntrospectionCacheEntryOverheadBytes)); // room for three
            o.BackchannelHandler = counter;
        });
        var client = server.GetTestClient();
        foreach (var token in tokens.Take(3))
        {
            Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, token)).StatusCode);
        }

        Assert.All(tokens.Take(3), t => Assert.Equal(1, counter.CallsFor(t)));

        // The fourth does not fit: it is asked about on each request until the cache has evicted the oldest answer.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var calls = 0;
        while (counter.CallsFor(tokens[3]) != calls || calls == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the full cache never made room");
            calls = counter.CallsFor(tokens[3]);
            Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, tokens[3])).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, tokens[0])).StatusCode);
        Assert.Equal(2, counter.CallsFor(tokens[0])); // evicted: asked again
        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, tokens[2])).StatusCode);
        Assert.Equal(1, counter.CallsFor(tokens[2])); // still remembered
    }

    /// <summary>The resource server's backchannel to whichever Api answers now; counts the JWKS fetches.</summary>
    private sealed class RedeployableApi(HttpMessageHandler first) : HttpMessageHandler
    {
        private HttpMessageInvoker _target = new(first);
        private int _jwksFetches;

        public int JwksFetches => Volatile.Read(ref _jwksFetches);

        public void Redeploy(HttpMessageHandler next) => _target = new HttpMessageInvoker(next);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/.well-known/jwks.json")
            {
                Interlocked.Increment(ref _jwksFetches);
            }

            return _target.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A resource server on a clock the test moves, whose backchannel can be pointed elsewhere, its keys fetched.</summary>
    private async Task<(WebApplication Server, HttpClient Client, RedeployableApi Backchannel, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock)> WithKeysFetchedAsync()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var backchannel = new RedeployableApi(factory.Server.CreateHandler());
        var server = await ResourceServerAsync(introspectionKey: null, o =>
        {
            o.BackchannelHandler = backchannel;
            o.Time = clock;
        });
        var client = server.GetTestClient();
        var (_, token) = await new ApiClient(factory.CreateClient()).SignUpAndLoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, token)).StatusCode);
        Assert.Equal(1, backchannel.JwksFetches);
        return (server, client, backchannel, clock);
    }

    [Fact]
    public async Task A_token_signed_with_a_new_key_is_accepted_at_once_and_made_up_key_ids_fetch_at_most_once_per_interval()
    {
        var (server, client, backchannel, clock) = await WithKeysFetchedAsync();
        await using var serving = server;

        await using var redeployed = new ApiFactory(); // embedded mode: a signing key of its own
        backchannel.Redeploy(redeployed.Server.CreateHandler());
        var (_, newKeyToken) = await new ApiClient(redeployed.CreateClient()).SignUpAndLoginAsync();
        clock.Advance(TimeSpan.FromSeconds(6)); // past the least time between two fetches

        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, newKeyToken)).StatusCode);
        Assert.Equal(2, backchannel.JwksFetches);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetDataAsync(client, WithKeyId(newKeyToken, $"made-up-{i}"))).StatusCode);
        }

        Assert.Equal(2, backchannel.JwksFetches);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetDataAsync(client, WithKeyId(newKeyToken, "made-up-later"))).StatusCode);
        Assert.Equal(3, backchannel.JwksFetches);
        Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, newKeyToken)).StatusCode);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("!!!.e30.c2ln")] // a header that is not base64url
    [InlineData("WzFd.e30.c2ln")] // a header that is a JSON array
    [InlineData("eyJraWQiOjF9.e30.c2ln")] // a kid that is a number
    [InlineData("bm90IGpzb24.e30.c2ln")] // a header that is not JSON
    public async Task Malformed_tokens_are_refused_without_a_fetch(string token)
    {
        var (server, client, backchannel, clock) = await WithKeysFetchedAsync();
        await using var serving = server;
        clock.Advance(TimeSpan.FromSeconds(6)); // a fetch would be allowed

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetDataAsync(client, token)).StatusCode);
        Assert.Equal(1, backchannel.JwksFetches);
    }

    /// <summary>An Api that takes calls and never answers them (until the caller gives up).</summary>
    private sealed class SilentApi : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }
    }

    [Fact]
    public async Task Keys_due_for_a_refresh_go_on_serving_while_the_jwks_does_not_answer()
    {
        var (server, client, backchannel, clock) = await WithKeysFetchedAsync();
        await using var serving = server;
        var (_, token) = await new ApiClient(factory.CreateClient()).SignUpAndLoginAsync();

        var silent = new SilentApi();
        backchannel.Redeploy(silent);
        clock.Advance(TimeSpan.FromHours(2));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetDataAsync(client, token)).StatusCode); // not held by the hanging fetch
        }

        Assert.Equal(1, silent.Calls); // one fetch under way, not one per request
    }

    /// <summary>The token with its header's <c>kid</c> replaced (its signature then no longer matches).</summary>
    private static string WithKeyId(string token, string keyId)
    {
        var parts = token.Split('.');
        var header = System.Text.Json.Nodes.JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        header["kid"] = keyId;
        return string.Join('.', Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(header.ToJsonString()), parts[1], parts[2]);
    }
}
