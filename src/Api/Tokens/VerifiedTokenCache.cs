using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Remembers access tokens whose signature, issuer, audience and algorithm were verified, keyed by the exact token
/// text, so a client's next request with the same token skips the RSA/ECDSA check. A remembered token is still held
/// to its lifetime on every use (then the full check runs and reports it expired), and the session behind it is
/// still checked on every request (<see cref="SessionBearerEvents"/>): revocation stays exact. Bounded in bytes: each
/// token is charged its text length plus <see cref="EntryOverheadBytes"/>, so large tokens (many claims) fill it
/// sooner than small ones. A token that does not fit under <paramref name="sizeLimitBytes"/> is checked in full and not
/// remembered, and the cache evicts its least recently used tokens in the background to make room.
/// </summary>
public sealed class VerifiedTokenCache(TimeProvider time, long sizeLimitBytes = VerifiedTokenCache.DefaultSizeLimitBytes) : TokenHandler, IDisposable
{
    /// <summary>128 MiB: some 75,000 tokens of a typical size.</summary>
    public const long DefaultSizeLimitBytes = 128L * 1024 * 1024;

    /// <summary>What an entry holds besides the token text: the parsed token, its claims, the cache entry itself.</summary>
    public const int EntryOverheadBytes = 1024;

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = sizeLimitBytes, CompactionPercentage = 0.1 });

    /// <summary>The tokens remembered now (for tests of the bound).</summary>
    internal int Count => _verified.Count;

    internal bool Remembers(string token) => _verified.TryGetValue(token, out _);

    /// <summary>What a token is charged against the size limit.</summary>
    internal static long Charge(string token) => token.Length + EntryOverheadBytes;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_verified.TryGetValue(token, out Verified? known) && StillInLifetime(known!, validationParameters))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known!.Identity.Clone(), // each request gets its own identity to decorate
                SecurityToken = known.Token,
                Issuer = known.Token.Issuer,
                TokenType = known.Token.Typ,
            };
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            var remembered = new Verified(jwt, result.ClaimsIdentity);
            _verified.Set(token, remembered, new MemoryCacheEntryOptions
            {
                Size = Charge(token),
                AbsoluteExpiration = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + validationParameters.ClockSkew,
            });
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    /// <summary>The same bounds as the full check; outside them the full check runs and gives its own answer.</summary>
    private bool StillInLifetime(Verified known, TokenValidationParameters parameters) =>
        TokenLifetime.Problem(
            known.Token.ValidFrom == DateTime.MinValue ? null : known.Token.ValidFrom,
            known.Token.ValidTo,
            time.GetUtcNow().UtcDateTime,
            parameters.ClockSkew) is null;

    public void Dispose()
    {
        _verified.Dispose();
    }

    private sealed record Verified(JsonWebToken Token, System.Security.Claims.ClaimsIdentity Identity);
}
