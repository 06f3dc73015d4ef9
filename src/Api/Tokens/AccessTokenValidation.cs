using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// How an access token is checked, built once: this service's own keys, issuer and audience, its algorithms only, the
/// lifetime on the injected clock (the one the grains use). The bearer handler and introspection both check through it,
/// so they accept exactly the same tokens; <see cref="VerifiedTokenCache"/> spares the signature check of a known token.
/// </summary>
public sealed class AccessTokenValidation
{
    private readonly TimeProvider _time;

    public AccessTokenValidation(
        SigningKeys keys, IOptions<JwtSettings> settings, [FromKeyedServices(SessionClock.Key)] TimeProvider time, VerifiedTokenCache verified)
    {
        _time = time;
        Verified = verified;
        Parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Value.Issuer,
            ValidAudience = settings.Value.Audience,
            IssuerSigningKeys = keys.VerificationKeys,
            ValidAlgorithms = keys.Algorithms,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = settings.Value.ClockSkew,
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = SessionClaims.Roles,
            LifetimeValidator = ValidateLifetime,
        };
    }

    /// <summary>The parameters of the full check (read-only by convention: the library never changes them).</summary>
    public TokenValidationParameters Parameters { get; }

    public VerifiedTokenCache Verified { get; }

    /// <summary>
    /// The check of <paramref name="token"/>: from memory when this exact text was verified before and is still in its
    /// lifetime (no copy of the text, no allocation), otherwise the full check.
    /// </summary>
    public ValueTask<AccessTokenCheck> CheckAsync(ReadOnlySpan<char> token) => Verified.CheckAsync(token, Parameters);

    /// <summary>The library's own lifetime check, but on the injected clock (the same one the grains use).</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters) =>
        TokenLifetime.Problem(notBefore, expires, _time.GetUtcNow().UtcDateTime, parameters.ClockSkew) is { } problem ? throw problem : true;
}
