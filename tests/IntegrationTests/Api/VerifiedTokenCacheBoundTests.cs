using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The Api's memory of verified tokens is bounded by their bytes, not only their count, and evicts to make room.</summary>
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
        using var forSmall = new VerifiedTokenCache(_clock, limit);
        using var forLarge = new VerifiedTokenCache(_clock, limit);

        foreach (var (token, cache) in small.Select(t => (t, forSmall)).Concat(large.Select(t => (t, forLarge))))
        {
            Assert.True((await cache.ValidateTokenAsync(token, _parameters)).IsValid); // the cache only saves work, it never refuses
        }

        Assert.Equal(8, forSmall.Count);
        Assert.All(small, t => Assert.True(forSmall.Remembers(t)));
        Assert.InRange(forLarge.Count, 1, limit / VerifiedTokenCache.Charge(large[0]));
        Assert.True(forLarge.Count < 8);
    }

    [Fact]
    public async Task A_full_cache_evicts_the_least_recently_used_to_remember_new_tokens()
    {
        var tokens = Enumerable.Range(0, 8).Select(_ => Token()).ToList();
        using var cache = new VerifiedTokenCache(_clock, tokens.Count * VerifiedTokenCache.Charge(tokens[0]));
        foreach (var token in tokens)
        {
            await cache.ValidateTokenAsync(token, _parameters);
        }

        Assert.Equal(8, cache.Count);
        foreach (var token in tokens.Skip(1))
        {
            Assert.True(cache.Remembers(token)); // used again: only the first is left unused
        }

        // The cache makes room in the background once a token does not fit; until then the newcomer is checked in full.
        var newcomer = Token();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!cache.Remembers(newcomer))
        {
            Assert.True(DateTime.UtcNow < deadline, "the full cache never made room for a new token");
            Assert.True((await cache.ValidateTokenAsync(newcomer, _parameters)).IsValid);
            Assert.InRange(cache.Count, 1, 8);
            await Task.Delay(10);
        }

        Assert.False(cache.Remembers(tokens[0]));
        Assert.InRange(cache.Count, 1, 8);
    }

    public void Dispose() => _key.Dispose();
}
