using System.Net;
using OrleansSessions.Client;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The typed .NET client and its refreshing handler against the real Api, over real HTTP.</summary>
public sealed class ClientLibraryTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    private const string Password = "correct horse battery";

    /// <summary>Counts the refresh calls that leave the client; can answer the next one with a 503 instead.</summary>
    private sealed class RefreshCounter : DelegatingHandler
    {
        public int Refreshes;
        public bool FailNextRefresh;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/auth/refresh")
            {
                Interlocked.Increment(ref Refreshes);
                if (FailNextRefresh)
                {
                    FailNextRefresh = false;
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                    {
                        Content = new StringContent("""{"code":"store_unavailable","status":503}""", System.Text.Encoding.UTF8, "application/problem+json"),
                    });
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The first two answers to <c>/auth/sessions</c>, in whichever client's pipeline, are held until both have come.</summary>
    private sealed class AnswerTogether
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public DelegatingHandler Handler() => new Holding(this);

        private sealed class Holding(AnswerTogether together) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (request.RequestUri!.AbsolutePath == "/auth/sessions" && Interlocked.Increment(ref together._held) <= 2)
                {
                    if (Volatile.Read(ref together._held) >= 2)
                    {
                        together._both.TrySetResult();
                    }

                    await together._both.Task.WaitAsync(cancellationToken);
                }

                return response;
            }
        }
    }

    /// <summary>A store that, like one persisting elsewhere, gives a new object on every read.</summary>
    private sealed class CopyingTokenStore : TokenStore
    {
        public override SessionTokens? Current => base.Current is { } tokens ? tokens with { } : null;
    }

    private SessionsClient Client(TokenStore store, params DelegatingHandler[] below) =>
        new(factory.CreateDefaultClient([new RefreshingHandler(store, factory.Clock), .. below]), store, factory.Clock);

    private async Task<(SessionsClient Client, TokenStore Store, RefreshCounter Counter, string Email)> SignedInAsync(TokenStore? store = null)
    {
        var email = ApiClient.NewEmail();
        await new ApiClient(factory.CreateClient()).RegisterAsync(email, Password);
        store ??= new TokenStore();
        var counter = new RefreshCounter();
        var client = Client(store, counter);
        await client.LoginAsync(email, Password);
        return (client, store, counter, email);
    }

    private void ExpireAccessTokens() => factory.Clock.Advance(TimeSpan.FromMinutes(16)); // past 15 minutes, inside the session

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
        ExpireAccessTokens();

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

    [Fact]
    public async Task An_ended_session_is_reported_with_its_code_and_signing_out_of_it_succeeds()
    {
        var (client, store, _, email) = await SignedInAsync();
        var other = new ApiClient(factory.CreateClient());
        await other.PostAsync("/auth/logout-all", (await other.LoginAsync(email, Password))["access_token"]!.GetValue<string>());

        var ended = await Assert.ThrowsAsync<SessionsApiException>(() => client.ListSessionsAsync());
        Assert.Equal((401, "session_revoked"), (ended.Status, ended.Code));
        await client.LogoutAsync();
        Assert.Null(store.Current);
    }

    [Fact]
    public async Task A_refresh_the_Api_could_not_answer_keeps_the_tokens_for_the_next_try()
    {
        var (client, store, counter, _) = await SignedInAsync();
        var before = store.Current!;
        ExpireAccessTokens();
        counter.FailNextRefresh = true;

        var failed = await Assert.ThrowsAsync<SessionsApiException>(() => client.ListSessionsAsync());
        Assert.Equal("token_expired", failed.Code); // the call's own answer, readable
        Assert.Equal(before, store.Current);

        Assert.Single(await client.ListSessionsAsync());
        Assert.Equal(2, counter.Refreshes);
        Assert.NotEqual(before.RefreshToken, store.Current!.RefreshToken);
    }

    [Fact]
    public async Task A_store_that_reads_back_copies_is_refreshed_once()
    {
        var (client, store, counter, _) = await SignedInAsync(new CopyingTokenStore());
        ExpireAccessTokens();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.ListSessionsAsync()));

        Assert.Equal(1, counter.Refreshes);
        Assert.Single(await client.ListSessionsAsync());
        Assert.Equal(1, counter.Refreshes);
    }

    [Fact]
    public async Task Two_clients_sharing_a_store_refresh_it_once_between_them()
    {
        var (first, store, firstCounter, _) = await SignedInAsync();
        var together = new AnswerTogether();
        var (counterA, counterB) = (new RefreshCounter(), new RefreshCounter());
        var clientA = Client(store, together.Handler(), counterA);
        var clientB = Client(store, together.Handler(), counterB);
        ExpireAccessTokens();

        await Task.WhenAll(clientA.ListSessionsAsync(), clientB.ListSessionsAsync());
        Assert.Equal(1, counterA.Refreshes + counterB.Refreshes);
        await clientB.RefreshAsync(); // an explicit refresh takes its turn the same way

        Assert.Equal(2, counterA.Refreshes + counterB.Refreshes + firstCounter.Refreshes);
        Assert.Single(await first.ListSessionsAsync()); // not revoked as a reused refresh token
    }

    [Fact]
    public void Tokens_never_print_themselves()
    {
        var tokens = new SessionTokens("access.token.value", "refresh-token-value", "sid-1", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("access.token.value", tokens.ToString());
        Assert.DoesNotContain("refresh-token-value", tokens.ToString());
        Assert.Contains("sid-1", tokens.ToString());
    }
}
