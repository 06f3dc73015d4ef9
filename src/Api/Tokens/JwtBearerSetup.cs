using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>Validates bearer tokens against this service's own keys, issuer and audience, with one algorithm only.</summary>
public sealed class JwtBearerSetup(SigningKeys keys, IOptions<JwtSettings> settings) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Value.Issuer,
            ValidAudience = settings.Value.Audience,
            IssuerSigningKeys = keys.VerificationKeys,
            ValidAlgorithms = [keys.Algorithm],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = SessionClaims.Roles,
        };
        options.Events = new SessionBearerEvents();
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
