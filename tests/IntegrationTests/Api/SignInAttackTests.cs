using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Abstractions.Accounts;
using OrleansSessions.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// Attacks on signing in, each through the HTTP Api, failing: parallel password guessing, locking the owner out,
/// guessing from many addresses, mass registration, and a stored hash weaker than today's.
/// </summary>
public sealed class SignInAttackTests(SignInAttackApiFactory factory, ITestOutputHelper output) : IClassFixture<SignInAttackApiFactory>
{
    private const string Password = "correct horse battery";
    private readonly ApiClient _api = new(factory.CreateClient());

    /// <summary>A client address in a /64 of its own.</summary>
    private static string NewAddress() => $"2001:db8:{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}::1";

    private static string NewWrongPassword() => $"wrong guess {Guid.NewGuid():N}";

    private async Task<HttpResponseMessage> PostFromAsync(string path, object body, string clientAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ClientAddressStartupFilter.Header, clientAddress);
        return await _api.Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> LoginAsync(string email, string password, string clientAddress) =>
        PostFromAsync("/auth/login", new { email, password }, clientAddress);

    private async Task<string> RegisteredEmailAsync()
    {
        var email = ApiClient.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await PostFromAsync("/auth/register", new { email, password = Password }, NewAddress())).StatusCode);
        return email;
    }

    [Fact]
    public async Task Fifty_parallel_wrong_guesses_reach_the_password_check_at_most_five_times_and_the_owner_still_signs_in()
    {
        var email = await RegisteredEmailAsync();
        var attacker = NewAddress();
        var guess = NewWrongPassword();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => LoginAsync(email, guess, attacker)));
        var reached = factory.Hasher.VerificationsOf(guess);

        Assert.Equal(5, reached);
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(45, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests), a => Assert.True(a.Headers.Contains("Retry-After")));
        var owner = await LoginAsync(email, Password, NewAddress());
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Figures.Report(output, $"50 parallel wrong guesses for one account: {reached} reached the password check; "
            + $"the owner still signs in from another address ({(int)owner.StatusCode})");
    }

    [Fact]
    public async Task A_strangers_wrong_guesses_do_not_lock_the_owner_out_of_their_own_address()
    {
        var email = await RegisteredEmailAsync();
        var stranger = NewAddress();
        var remaining = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var failed = await LoginAsync(email, "wrong password", stranger);
            await ApiClient.AssertProblemAsync(failed, HttpStatusCode.Unauthorized, "invalid_credentials");
            remaining.Add(failed.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        await ApiClient.AssertProblemAsync(await LoginAsync(email, Password, stranger), HttpStatusCode.TooManyRequests, "rate_limited");

        Assert.Equal(["4", "3", "2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, NewAddress())).StatusCode);
        await ApiClient.AssertProblemAsync(await LoginAsync(email, Password, stranger), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Guesses_for_one_account_from_every_address_together_are_capped()
    {
        var email = await RegisteredEmailAsync();
        var guess = NewWrongPassword();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => LoginAsync(email, guess, NewAddress())));
        var owner = await LoginAsync(email, Password, NewAddress());

        Assert.Equal(SignInAttackApiFactory.MaxFailuresPerAccountAllAddresses, factory.Hasher.VerificationsOf(guess));
        Assert.Equal(SignInAttackApiFactory.MaxFailuresPerAccountAllAddresses, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        await ApiClient.AssertProblemAsync(owner, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(SignInAttackApiFactory.MaxFailuresPerAccountAllAddresses.ToString(), owner.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.True(owner.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Two_ipv6_addresses_in_one_64_share_a_failure_count()
    {
        var email = await RegisteredEmailAsync();
        var (site, subnet) = (Random.Shared.Next(1, 0xffff), Random.Shared.Next(1, 0xfffe));
        var network = $"2001:db8:{site:x}:{subnet:x}";
        for (var i = 1; i <= 5; i++)
        {
            await ApiClient.AssertProblemAsync(await LoginAsync(email, "wrong password", $"{network}::{i:x}"), HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await ApiClient.AssertProblemAsync(
            await LoginAsync(email, Password, $"{network}:ffff:ffff:ffff:ffff"), HttpStatusCode.TooManyRequests, "rate_limited");
        var nextNetwork = $"2001:db8:{site:x}:{subnet + 1:x}::1";
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, nextNetwork)).StatusCode);
    }

    [Fact]
    public async Task Registrations_from_one_address_are_throttled_before_any_password_is_hashed()
    {
        var address = NewAddress();
        var password = $"registration {Guid.NewGuid():N}";
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await PostFromAsync("/auth/register", new { email = ApiClient.NewEmail(), password }, address));
        }

        var firstRefused = answers.FindIndex(a => a.StatusCode == HttpStatusCode.TooManyRequests) + 1;

        Assert.Equal(21, firstRefused);
        Assert.All(answers.Take(20), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        foreach (var refused in answers.Skip(20))
        {
            await ApiClient.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 3600);
            Assert.Equal("20", refused.Headers.GetValues("X-RateLimit-Limit").Single());
            Assert.Equal("0", refused.Headers.GetValues("X-RateLimit-Remaining").Single());
            Assert.True(refused.Headers.Contains("X-RateLimit-Reset"));
        }

        Assert.Equal(20, factory.Hasher.HashesOf(password)); // the refused ones cost no hash
        Assert.Equal(HttpStatusCode.Created, (await PostFromAsync("/auth/register", new { email = ApiClient.NewEmail(), password }, NewAddress())).StatusCode);
        Figures.Report(output, $"40 registrations from one address: first 429 at #{firstRefused}");
    }

    [Fact]
    public async Task A_login_upgrades_a_stored_hash_made_with_fewer_iterations()
    {
        var email = ApiClient.NewEmail();
        var weak = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 10_000 })).HashPassword(new object(), Password);
        var account = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(email);
        Assert.NotNull(await account.Register(new NewAccount(weak, null, [])));

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, NewAddress())).StatusCode);
        var upgraded = (await account.GetCredentials())!.PasswordHash;

        Assert.Equal(10_000, Iterations(weak));
        Assert.True(Iterations(upgraded) >= 210_000, $"{Iterations(upgraded)} iterations");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, Password, NewAddress())).StatusCode);
        Assert.Equal(upgraded, (await account.GetCredentials())!.PasswordHash); // upgraded once, not at every login
        await ApiClient.AssertProblemAsync(await LoginAsync(email, "wrong password", NewAddress()), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    /// <summary>The iteration count in Identity's version 3 hash format (big-endian, after the marker and the PRF).</summary>
    private static int Iterations(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5));
}
