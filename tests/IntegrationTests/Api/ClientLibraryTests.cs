using System.Net;
using OrleansSessions.Client;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The typed .NET client and its refreshing handler against the real Api.</summary>
public sealed class ClientLibraryTests(SecurityApiFactory factory) : IClassFixture<SecurityApiFactory>
{
    private const string Password = "correct horse battery";

    /// <summary>Counts the refresh calls that leave the client.</summary>
    private sealed class RefreshCounter : DelegatingHandler
    {
        public int Refreshes;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/auth/refresh")
            {
                Interlocked.Increment(ref Refreshes);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private async Task<(SessionsClient Client, TokenStore Store, RefreshCounter Counter, string Email)> SignedInAsync()
    {
        var email = ApiClient.NewEmail();
        await new ApiClient(factory.CreateClient()).RegisterAsync(email, Password);
        var store = new TokenStore();
        var counter = new RefreshCounter();
        var client = new SessionsClient(factory.CreateDefaultClient(new RefreshingHandler(store), counter), store, factory.Clock);
        await client.LoginAsync(email, Password);
        return (client, store, counter, email);
    }

    [Fact]
    public async Task Lists_and_revokes_sessions_and_signs_out()
    {
        var (client, store, _, email) = await SignedInAsync();
        var other = await new ApiClient(factory.CreateClient()).LoginAsync(email, Password);

        var sessions = await client.ListSessionsAsync();
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.IsCurrent);

        await client.RevokeAsync(other["session_id"]!.GetValue<string>());
        Assert.Single(await client.ListSessionsAsync());
        var missing = await Assert.ThrowsAsync<SessionsApiException>(() => client.RevokeAsync("AAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal(("session_not_found", 404), (missing.Code, missing.Status));

        await client.LogoutAsync();
        Assert.Null(store.Current);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_for_many_concurrent_calls()
    {
        var (client, store, counter, _) = await SignedInAsync();
        var before = store.Current!;
        factory.Clock.Advance(TimeSpan.FromMinutes(16)); // past the 15-minute access token, well inside the session

        var lists = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.ListSessionsAsync()));

        Assert.All(lists, l => Assert.Single(l));
        Assert.Equal(1, counter.Refreshes);
        Assert.NotEqual(before.AccessToken, store.Current!.AccessToken);
        Assert.Equal(before.SessionId, store.Current.SessionId);
    }

    [Fact]
    public async Task Introspection_with_an_api_key()
    {
        var (client, store, _, _) = await SignedInAsync();
        var token = store.Current!.AccessToken;

        var active = await client.IntrospectAsync(token, SecurityApiFactory.IntrospectionKey);
        Assert.True(active.Active);
        Assert.Equal(store.Current.SessionId, active.Sid);

        await client.LogoutAsync();
        Assert.False((await client.IntrospectAsync(token, SecurityApiFactory.IntrospectionKey)).Active);
        var refused = await Assert.ThrowsAsync<SessionsApiException>(() => client.IntrospectAsync(token, "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, (HttpStatusCode)refused.Status);
        Assert.Equal("invalid_api_key", refused.Code);
    }
}
