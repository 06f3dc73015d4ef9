using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The Api's memory of verified tokens is bounded by their bytes, not only their count.</summary>
public sealed class VerifiedTokenCacheBoundTests : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly TokenValidationParameters _parameters;

    public VerifiedTokenCacheBoundTests() => _parameters = new TokenValidationParameters
    {
        ValidIssuer = "orleans-sessions",
        ValidAudience = "orleans-sessions",
        IssuerSigningKey = new RsaSecurityKey(_key),
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        // The inner check would judge lifetimes by the real clock; the cache's own lifetime rule runs on _clock.
        ValidateLifetime = false,
    };

    /// <summary>A valid token; <paramref name="claimBytes"/> of extra claim make it larger. Every token of one size has the same length.</summary>
    private string Token(int claimBytes = 0)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "orleans-sessions",
            Audience = "orleans-sessions",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(15),
            Claims = new Dictionary<string, object> { ["sub"] = "user-1", ["sid"] = Guid.NewGuid().ToString("N"), ["pad"] = new string('x', claimBytes) },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key), SecurityAlgorithms.RsaSha256),
        });
    }

    [Fact]
    public async Task The_bound_is_in_bytes_so_fewer_large_tokens_fit_than_small_ones()
    {
        var small = Enumerable.Range(0, 8).Select(_ => Token()).ToList();
        var large = Enumerable.Range(0, 8).Select(_ => Token(claimBytes: 4000)).ToList();
        Assert.Single(small.Select(t => t.Length).Distinct());
        var limit = small.Count * VerifiedTokenCache.Charge(small[0]); // exactly the eight small ones
        var forSmall = new VerifiedTokenCache(_clock, limit);
        var forLarge = new VerifiedTokenCache(_clock, limit);

        foreach (var (token, cache) in small.Select(t => (t, forSmall)).Concat(large.Select(t => (t, forLarge))))
        {
            Assert.True((await cache.CheckAsync(token, _parameters)).Token is not null); // the cache only saves work, it never refuses
        }

        Assert.Equal(8, forSmall.Count);
        Assert.All(small, t => Assert.True(forSmall.Remembers(t)));
        Assert.InRange(forLarge.Count, 1, limit / VerifiedTokenCache.Charge(large[0]));
        Assert.True(forLarge.Count < 8);
    }

    [Fact]
    public async Task A_cache_full_of_live_tokens_starts_over_to_remember_a_new_one_and_never_exceeds_its_bytes()
    {
        var tokens = Enumerable.Range(0, 8).Select(_ => Token()).ToList();
        var limit = tokens.Count * VerifiedTokenCache.Charge(tokens[0]);
        var cache = new VerifiedTokenCache(_clock, limit);
        foreach (var token in tokens)
        {
            await cache.CheckAsync(token, _parameters);
        }

        Assert.Equal(8, cache.Count);
        Assert.Equal(limit, cache.Bytes);

        var newcomer = Token();
        Assert.True((await cache.CheckAsync(newcomer, _parameters)).Token is not null);

        Assert.True(cache.Remembers(newcomer));
        Assert.Equal(1, cache.Count);
        Assert.Equal(VerifiedTokenCache.Charge(newcomer), cache.Bytes);
    }

    [Fact]
    public async Task Expired_tokens_make_room_before_live_ones_are_forgotten()
    {
        var old = Enumerable.Range(0, 4).Select(_ => Token()).ToList();
        var limit = 8 * VerifiedTokenCache.Charge(old[0]);
        var cache = new VerifiedTokenCache(_clock, limit);
        foreach (var token in old)
        {
            await cache.CheckAsync(token, _parameters);
        }

        _clock.Advance(TimeSpan.FromMinutes(16)); // the first four are past their lifetime and skew
        var live = Enumerable.Range(0, 8).Select(_ => Token()).ToList();
        foreach (var token in live)
        {
            await cache.CheckAsync(token, _parameters);
        }

        Assert.All(live, t => Assert.True(cache.Remembers(t)));
        Assert.All(old, t => Assert.False(cache.Remembers(t)));
        Assert.Equal(limit, cache.Bytes);
    }

    public void Dispose() => _key.Dispose();
}
