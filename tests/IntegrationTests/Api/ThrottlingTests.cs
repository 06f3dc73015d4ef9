using System.Net;
using System.Net.Http.Json;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Login throttling per account and client address and per client address, with the contract's 429 and headers.</summary>
public sealed class ThrottlingTests(ThrottlingApiFactory factory) : IClassFixture<ThrottlingApiFactory>
{
    private const string Password = "correct horse battery";
    private readonly ApiClient _api = new(factory.CreateClient());

    /// <summary>An address in a /64 of its own (IPv6 addresses count per /64).</summary>
    private static string NewIp() => $"2001:db8:{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}::{Random.Shared.Next(1, 0xffff):x}";

    private async Task<HttpResponseMessage> LoginAsync(string email, string password, string connectionIp, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(ClientAddressStartupFilter.Header, connectionIp);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await _api.Http.SendAsync(request);
    }

    private async Task<string> RegisteredEmailAsync()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email, Password);
        return email;
    }

    [Fact]
    public async Task Wrong_passwords_at_reauthentication_trip_the_same_limit_and_a_bad_body_is_400()
    {
        var email = await RegisteredEmailAsync();
        var ip = NewIp();
        var token = (await ApiClient.JsonAsync(await LoginAsync(email, Password, ip)))["access_token"]!.GetValue<string>();
        foreach (var body in new[] { "{}", """{"password": ""}""", """{"password": 42}""", "not json", $$"""{"password": "{{new string('p', 1025)}}"}""" })
        {
            await ApiClient.AssertProblemAsync(await ReauthenticateAsync(token, body, ip), HttpStatusCode.BadRequest, "validation_failed");
        }

        for (var i = 0; i < 3; i++)
        {
            await ApiClient.AssertProblemAsync(
                await ReauthenticateAsync(token, """{"password": "wrong password"}""", ip), HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var blocked = await ReauthenticateAsync(token, $$"""{"password": "{{Password}}"}""", ip);

        await ApiClient.AssertProblemAsync(blocked, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(int.Parse(blocked.Headers.GetValues("Retry-After").Single()), 1, 600);
    }

    private async Task<HttpResponseMessage> ReauthenticateAsync(string token, string json, string connectionIp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/reauthenticate")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token) },
        };
        request.Headers.Add(ClientAddressStartupFilter.Header, connectionIp);
        return await _api.Http.SendAsync(request);
    }

    [Fact]
    public async Task Failed_logins_of_one_account_trip_the_limit_even_for_the_right_password()
    {
        var email = await RegisteredEmailAsync();
        var ip = NewIp();
        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var failed = await LoginAsync(email, "wrong password", ip);
            await ApiClient.AssertProblemAsync(failed, HttpStatusCode.Unauthorized, "invalid_credentials");
            remaining.Add(failed.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        var blocked = await LoginAsync(email, Password, ip);

        Assert.Equal(["2", "1", "0"], remaining);
        await ApiClient.AssertProblemAsync(blocked, HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(blocked.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 600);
        Assert.Equal("3", blocked.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", blocked.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal(retryAfter.ToString(), blocked.Headers.GetValues("X-RateLimit-Reset").Single());

        var other = await RegisteredEmailAsync();
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(other, Password, NewIp())).StatusCode);
    }

    [Fact]
    public async Task The_failure_window_passes()
    {
        var email = await RegisteredEmailAsync();
        var ip = NewIp();
        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(email, "wrong password", ip);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(email, Password, ip)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, ip)).StatusCode);
    }

    [Fact]
    public async Task A_successful_login_resets_the_account_count()
    {
        var email = await RegisteredEmailAsync();
        var ip = NewIp();
        await LoginAsync(email, "wrong password", ip);
        await LoginAsync(email, "wrong password", ip);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, ip)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(1)); // past the address's 5 attempts a minute, well within the failure window

        await LoginAsync(email, "wrong password", ip);
        await LoginAsync(email, "wrong password", ip);

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, ip)).StatusCode);
    }

    [Fact]
    public async Task Attempts_from_one_client_address_are_limited_per_minute()
    {
        var email = await RegisteredEmailAsync();
        var ip = NewIp();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, ip)).StatusCode);
        }

        var blocked = await LoginAsync(email, Password, ip);

        await ApiClient.AssertProblemAsync(blocked, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("5", blocked.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.True(blocked.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, NewIp())).StatusCode);
    }

    [Fact]
    public async Task Attempts_from_one_ipv6_64_are_counted_together()
    {
        var email = await RegisteredEmailAsync();
        var (site, subnet) = (Random.Shared.Next(1, 0xffff), Random.Shared.Next(1, 0xfffe));
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, $"2001:db8:{site:x}:{subnet:x}::{i:x}")).StatusCode);
        }

        var blocked = await LoginAsync(email, Password, $"2001:db8:{site:x}:{subnet:x}:abcd:ef01:2345:6789");

        await ApiClient.AssertProblemAsync(blocked, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("5", blocked.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, $"2001:db8:{site:x}:{subnet + 1:x}::1")).StatusCode);
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_behind_a_trusted_proxy()
    {
        var email = await RegisteredEmailAsync();

        // Behind the trusted proxy, each forwarded client has its own count.
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, ThrottlingApiFactory.TrustedProxy, NewIp())).StatusCode);
        }

        // A trusted network works the same way.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, "192.168.50.7", NewIp())).StatusCode);

        // From anywhere else, a forged X-Forwarded-For is ignored: the connection's address is counted.
        var untrusted = NewIp();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, untrusted, NewIp())).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(email, Password, untrusted, NewIp())).StatusCode);
    }
}
