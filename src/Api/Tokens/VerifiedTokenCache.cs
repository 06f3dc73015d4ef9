using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Remembers access tokens whose signature, issuer, audience and algorithm were verified, keyed by the exact token
/// text, so a client's next request with the same token skips the RSA/ECDSA check. A remembered token is still held
/// to its lifetime on every use (then the full check runs and reports it expired), and the session behind it is
/// still checked on every request (<see cref="SessionBearerEvents"/>): revocation stays exact. Bounded in entries
/// (full of live tokens, it starts over); entries past their token's lifetime are swept out when a new token is
/// verified, at most once a minute. Requests with the same token share one <see cref="SharedClaimsIdentity"/>, which
/// refuses changes.
/// </summary>
public sealed class VerifiedTokenCache : TokenHandler
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Verified>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private long _nextSweep;

    public VerifiedTokenCache(TimeProvider time, int capacity = 100_000)
    {
        _time = time;
        _capacity = capacity;
        _bySpan = _verified.GetAlternateLookup<ReadOnlySpan<char>>();
        _nextSweep = (time.GetUtcNow().UtcDateTime + SweepEvery).Ticks;
    }

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
            var remembered = new Verified(jwt, new SharedClaimsIdentity(result.ClaimsIdentity), jwt.ValidTo + validationParameters.ClockSkew);
            result.ClaimsIdentity = remembered.Identity;
            Remember(token, remembered);
        }

        return result;
    }

    private void Remember(string token, Verified verified)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var nextSweep = Interlocked.Read(ref _nextSweep);
        if (now.Ticks >= nextSweep && Interlocked.CompareExchange(ref _nextSweep, (now + SweepEvery).Ticks, nextSweep) == nextSweep)
        {
            foreach (var (key, entry) in _verified)
            {
                if (entry.RememberUntil <= now)
                {
                    _verified.TryRemove(key, out _);
                }
            }
        }

        if (_verified.Count >= _capacity)
        {
            _verified.Clear(); // full of live tokens: start over, each is verified once more (cheap per token, bounded memory)
        }

        _verified[token] = verified;
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
