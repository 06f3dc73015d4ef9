using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Client;

/// <summary>
/// Bearer authentication for services that accept OrleansSessions access tokens: signatures are verified locally
/// with the keys published at <c>/.well-known/jwks.json</c> (fetched and refreshed by IdentityModel), and, with an
/// introspection key, revocation is learned from <c>POST /auth/introspect</c> with a short cache, bounded in time
/// (<see cref="ResourceServerOptions.IntrospectionCacheDuration"/>) and in bytes
/// (<see cref="ResourceServerOptions.IntrospectionCacheSizeLimit"/>).
/// </summary>
public static class ResourceServerAuthentication
{
    public static AuthenticationBuilder AddOrleansSessionsBearer(this AuthenticationBuilder builder, Action<ResourceServerOptions> configure)
    {
        var options = new ResourceServerOptions();
        configure(options);
        var authority = options.Authority ?? throw new InvalidOperationException("ResourceServerOptions.Authority is required.");
        var backchannel = new HttpClient(options.BackchannelHandler ?? new HttpClientHandler()) { BaseAddress = authority };
        var keys = new ConfigurationManager<JsonWebKeySet>(
            new Uri(authority, "/.well-known/jwks.json").ToString(), new JwksRetriever(), new HttpDocumentRetriever(backchannel) { RequireHttps = authority.Scheme == "https" });
        var introspections = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.IntrospectionCacheSizeLimit });

        return builder.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
                IssuerSigningKeyResolver = (_, _, _, _) => keys.GetConfigurationAsync(CancellationToken.None).GetAwaiter().GetResult().GetSigningKeys(),
                NameClaimType = "sub",
            };
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    NumberClaims.KeepAsWritten(context.Principal!, context.SecurityToken);
                    if (options.IntrospectionApiKey is null)
                    {
                        return;
                    }

                    var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
                    if (!introspections.TryGetValue(token, out bool active))
                    {
                        var answer = await new SessionsClient(backchannel, new TokenStore()).IntrospectAsync(token, options.IntrospectionApiKey, context.HttpContext.RequestAborted);
                        active = answer.Active;
                        if (options.IntrospectionCacheDuration > TimeSpan.Zero)
                        {
                            introspections.Set(token, active, new MemoryCacheEntryOptions
                            {
                                AbsoluteExpirationRelativeToNow = options.IntrospectionCacheDuration,
                                Size = token.Length + ResourceServerOptions.IntrospectionCacheEntryOverheadBytes,
                            });
                        }
                    }

                    if (!active)
                    {
                        context.Fail("The session of this token has ended.");
                    }
                },
            };
        });
    }

    private sealed class JwksRetriever : IConfigurationRetriever<JsonWebKeySet>
    {
        public async Task<JsonWebKeySet> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel) =>
            new(await retriever.GetDocumentAsync(address, cancel));
    }
}
