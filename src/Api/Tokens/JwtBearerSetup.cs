using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Api.Sessions;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Api.Tokens;

/// <summary>Validates bearer tokens against this service's own keys, issuer and audience, with one algorithm only.</summary>
public sealed class JwtBearerSetup(
    SigningKeys keys, IOptions<JwtSettings> settings, [FromKeyedServices(SessionClock.Key)] TimeProvider time, VerifiedTokenCache verified,
    SessionCheck sessions)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        options.MapInboundClaims = false;
        options.SaveToken = false; // nothing reads the token back from the authentication properties
        options.TokenValidationParameters = new TokenValidationParameters
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
        options.Events = new SessionBearerEvents(sessions, verified);
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(verified);
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    /// <summary>The library's own lifetime check, but on the injected clock (the same one the grains use).</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters) =>
        TokenLifetime.Problem(notBefore, expires, time.GetUtcNow().UtcDateTime, parameters.ClockSkew) is { } problem ? throw problem : true;
}
