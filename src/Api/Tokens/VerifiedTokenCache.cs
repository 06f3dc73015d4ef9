using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Remembers access tokens whose signature, issuer, audience and algorithm were verified, keyed by the exact token
/// text, so a client's next request with the same token skips the RSA/ECDSA check. A remembered token is still held
/// to its lifetime on every use (then the full check runs and reports it expired), and the session behind it is
/// still checked on every request (<see cref="SessionBearerHandler"/>): revocation stays exact. Requests with the same
/// token share one <see cref="VerifiedToken"/>, whose identity refuses changes.
/// <para>Bounded in bytes: each token is charged its text length plus <see cref="EntryOverheadBytes"/>, so large tokens
/// (many claims) fill it sooner than small ones. Entries past their token's lifetime are swept out at most once a
/// minute, and at once when a new token does not fit; full of live tokens, it starts over (each is verified once more:
/// cheap per token, and memory stays bounded).</para>
/// </summary>
public sealed class VerifiedTokenCache
{
    /// <summary>128 MiB: some 75,000 tokens of a typical size.</summary>
    public const long DefaultSizeLimitBytes = 128L * 1024 * 1024;

    /// <summary>What an entry holds besides the token text: the parsed token, its claims, the dictionary entry.</summary>
    public const int EntryOverheadBytes = 1024;

    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, VerifiedToken> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VerifiedToken>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
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
    /// The check of <paramref name="token"/> against <paramref name="parameters"/>: the remembered verification when this
    /// exact text was verified before and is still in its lifetime (no copy of the text, no allocation), otherwise the
    /// full check, whose success is remembered.
    /// </summary>
    public ValueTask<AccessTokenCheck> CheckAsync(ReadOnlySpan<char> token, TokenValidationParameters parameters) =>
        _bySpan.TryGetValue(token, out _, out var known) && StillInLifetime(known, parameters)
            ? ValueTask.FromResult(AccessTokenCheck.Valid(known))
            : VerifyAsync(token.ToString(), parameters);

    private async ValueTask<AccessTokenCheck> VerifyAsync(string token, TokenValidationParameters parameters)
    {
        var result = await _inner.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return AccessTokenCheck.Refused(result.Exception);
        }

        var verified = new VerifiedToken(jwt, result.ClaimsIdentity, jwt.ValidTo + parameters.ClockSkew);
        Remember(token, verified);
        return AccessTokenCheck.Valid(verified);
    }

    private void Remember(string token, VerifiedToken verified)
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
    private bool StillInLifetime(VerifiedToken known, TokenValidationParameters parameters) =>
        TokenLifetime.Problem(
            known.Token.ValidFrom == DateTime.MinValue ? null : known.Token.ValidFrom,
            known.Token.ValidTo,
            _time.GetUtcNow().UtcDateTime,
            parameters.ClockSkew) is null;
}
