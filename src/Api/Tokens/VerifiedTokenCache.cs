using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Remembers access tokens whose signature, issuer, audience and algorithm were verified, keyed by the exact token
/// text, so a client's next request with the same token skips the RSA/ECDSA check. A remembered token is still held
/// to its lifetime on every use (then the full check runs and reports it expired), and the session behind it is
/// still checked on every request (<see cref="SessionBearerEvents"/>): revocation stays exact. Requests with the same
/// token share one <see cref="SharedClaimsIdentity"/>, which refuses changes.
/// <para>Bounded in bytes: each token is charged its text length plus <see cref="EntryOverheadBytes"/>, so large tokens
/// (many claims) fill it sooner than small ones. Entries past their token's lifetime are swept out at most once a
/// minute, and at once when a new token does not fit; full of live tokens, it starts over (each is verified once more:
/// cheap per token, and memory stays bounded).</para>
/// </summary>
public sealed class VerifiedTokenCache : TokenHandler
{
    /// <summary>128 MiB: some 75,000 tokens of a typical size.</summary>
    public const long DefaultSizeLimitBytes = 128L * 1024 * 1024;

    /// <summary>What an entry holds besides the token text: the parsed token, its claims, the dictionary entry.</summary>
    public const int EntryOverheadBytes = 1024;

    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Verified>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly TimeProvider _time;
    private readonly long _sizeLimitBytes;
    private long _bytes;
    private long _nextSweep;

    public VerifiedTokenCache(TimeProvider time, long sizeLimitBytes = DefaultSizeLimitBytes)
    {
        _time = time;
        _sizeLimitBytes = sizeLimitBytes;
        _bySpan = _verified.GetAlternateLookup<ReadOnlySpan<char>>();
        _nextSweep = (time.GetUtcNow().UtcDateTime + SweepEvery).Ticks;
    }

    /// <summary>The tokens remembered now (for tests of the bound).</summary>
    internal int Count => _verified.Count;

    /// <summary>The bytes charged now (for tests of the bound).</summary>
    internal long Bytes => Interlocked.Read(ref _bytes);

    internal bool Remembers(string token) => _verified.ContainsKey(token);

    /// <summary>What a token is charged against the size limit.</summary>
    internal static long Charge(string token) => token.Length + EntryOverheadBytes;

    /// <summary>
    /// The remembered text equal to <paramref name="token"/>, so a request can hand the bearer handler that string
    /// instead of copying the token out of its header; null when this token is not remembered.
    /// </summary>
    public string? Remembered(ReadOnlySpan<char> token) =>
        _bySpan.TryGetValue(token, out var text, out _) ? text : null;

    public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_verified.TryGetValue(token, out var known) && StillInLifetime(known, validationParameters))
        {
            return Task.FromResult(new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Identity,
                SecurityToken = known.Token,
                Issuer = known.Token.Issuer,
                TokenType = known.Token.Typ,
            });
        }

        return VerifyAsync(token, validationParameters);
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private async Task<TokenValidationResult> VerifyAsync(string token, TokenValidationParameters validationParameters)
    {
        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            var remembered = new Verified(jwt, new SharedClaimsIdentity(result.ClaimsIdentity, jwt), jwt.ValidTo + validationParameters.ClockSkew);
            result.ClaimsIdentity = remembered.Identity;
            Remember(token, remembered);
        }

        return result;
    }

    private void Remember(string token, Verified verified)
    {
        var charge = Charge(token);
        if (charge > _sizeLimitBytes)
        {
            return; // larger than the whole cache: checked in full every time
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var nextSweep = Interlocked.Read(ref _nextSweep);
        if (now.Ticks >= nextSweep && Interlocked.CompareExchange(ref _nextSweep, (now + SweepEvery).Ticks, nextSweep) == nextSweep)
        {
            SweepExpired(now);
        }

        if (Bytes + charge > _sizeLimitBytes)
        {
            SweepExpired(now);
            if (Bytes + charge > _sizeLimitBytes)
            {
                StartOver();
            }
        }

        if (_verified.TryAdd(token, verified))
        {
            Interlocked.Add(ref _bytes, charge);
        }
    }

    private void SweepExpired(DateTime now)
    {
        foreach (var (key, entry) in _verified)
        {
            if (entry.RememberUntil <= now && _verified.TryRemove(key, out _))
            {
                Interlocked.Add(ref _bytes, -Charge(key));
            }
        }
    }

    /// <summary>Full of live tokens: forget them all (each removal uncharged, so the count stays true under races).</summary>
    private void StartOver()
    {
        foreach (var key in _verified.Keys)
        {
            if (_verified.TryRemove(key, out _))
            {
                Interlocked.Add(ref _bytes, -Charge(key));
            }
        }
    }

    /// <summary>The same bounds as the full check; outside them the full check runs and gives its own answer.</summary>
    private bool StillInLifetime(Verified known, TokenValidationParameters parameters) =>
        TokenLifetime.Problem(
            known.Token.ValidFrom == DateTime.MinValue ? null : known.Token.ValidFrom,
            known.Token.ValidTo,
            _time.GetUtcNow().UtcDateTime,
            parameters.ClockSkew) is null;

    private sealed record Verified(JsonWebToken Token, SharedClaimsIdentity Identity, DateTime RememberUntil);
}
