using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The operator sign-in with a limit of 3 failures per network in 15 minutes, and per-request connection addresses.</summary>
public sealed class OperatorSignInLimitApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Dashboard:Username"] = OperatorApiFactory.OperatorName,
        ["Dashboard:Password"] = OperatorApiFactory.OperatorPassword,
        ["Dashboard:MaxFailedSignIns"] = "3",
        ["Dashboard:FailedSignInWindow"] = "00:15:00",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientAddressStartupFilter>());
    }
}

/// <summary>Guessing the operator credentials: each network gets a few failures, then nothing, not even the right answer.</summary>
public sealed class OperatorSignInLimitTests(OperatorSignInLimitApiFactory factory) : IClassFixture<OperatorSignInLimitApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static readonly string Right = BadAuthorizationHeaders.Encode($"{OperatorApiFactory.OperatorName}:{OperatorApiFactory.OperatorPassword}");

    private async Task<HttpResponseMessage> MetricsAsync(string from, string? basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(ClientAddressStartupFilter.Header, from);
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        return await _http.SendAsync(request);
    }

    private static string Guess(int i) => BadAuthorizationHeaders.Encode($"{OperatorApiFactory.OperatorName}:guess-{i}");

    [Fact]
    public async Task After_the_limit_a_network_gets_429_even_with_the_right_credentials_and_other_networks_do_not()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await MetricsAsync("198.51.100.7", Guess(i))).StatusCode);
        }

        var refused = await MetricsAsync("198.51.100.7", Right);
        var guessAgain = await MetricsAsync("198.51.100.7", Guess(4));
        var elsewhere = await MetricsAsync("198.51.100.8", Right);

        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 15 * 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, guessAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Addresses_of_one_ipv6_64_share_the_count_and_broken_headers_count_too()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await MetricsAsync("2001:db8:7:7::1", Guess(0))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MetricsAsync("2001:db8:7:7::2", "!!!")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MetricsAsync("2001:db8:7:7::3", BadAuthorizationHeaders.Encode("no-colon"))).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await MetricsAsync("2001:db8:7:7::4", Right)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MetricsAsync("2001:db8:7:8::1", Right)).StatusCode);
    }

    [Fact]
    public async Task An_old_password_sent_again_and_again_counts_once_and_does_not_lock_its_network_out()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await MetricsAsync("198.51.100.20", Guess(0))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await MetricsAsync("198.51.100.20", Right)).StatusCode);
    }

    [Fact]
    public async Task Asking_without_credentials_counts_nothing_and_the_refusal_ends_with_the_window()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await MetricsAsync("203.0.113.9", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await MetricsAsync("203.0.113.9", Right)).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            await MetricsAsync("203.0.113.9", Guess(i));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await MetricsAsync("203.0.113.9", Right)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await MetricsAsync("203.0.113.9", Right)).StatusCode);
    }
}
