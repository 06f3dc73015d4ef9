using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Remembers access tokens whose signature, issuer, audience and algorithm were verified, keyed by the exact token
/// text, so a client's next request with the same token skips the RSA/ECDSA check. A remembered token is still held
/// to its lifetime on every use (then the full check runs and reports it expired), and the session behind it is
/// still checked on every request (<see cref="SessionBearerEvents"/>): revocation stays exact. Bounded in entries.
/// </summary>
public sealed class VerifiedTokenCache(TimeProvider time, int capacity = 100_000) : TokenHandler, IDisposable
{
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = capacity });

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
                Size = 1,
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
