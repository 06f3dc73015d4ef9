using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Client;

/// <summary>
/// Bearer authentication for services that accept OrleansSessions access tokens: signatures are verified locally
/// with the keys published at <c>/.well-known/jwks.json</c> (<see cref="JwksSigningKeys"/>: a new signing key is taken
/// on the first token signed with it), and, with an
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
        if (options.AcceptedAuthMethods is not { Count: > 0 })
        {
            throw new InvalidOperationException("ResourceServerOptions.AcceptedAuthMethods must name at least one sign-in method.");
        }

        var backchannel = new HttpClient(options.BackchannelHandler ?? new HttpClientHandler()) { BaseAddress = authority };
        var keys = new JwksSigningKeys(backchannel, new Uri(authority, "/.well-known/jwks.json"), options.Time ?? TimeProvider.System);
        var introspections = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.IntrospectionCacheSizeLimit });

        return builder.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
                IssuerSigningKeyResolver = (_, _, _, _) => keys.Current,
                NameClaimType = "sub",
                RoleClaimType = "roles", // the service's roles as of the token's issue (a custom claim cannot take the name)
            };
            jwt.Events = new JwtBearerEvents
            {
                // The keys are made current before validation (which asks for them synchronously): fetched without
                // blocking a thread, and again at once for a token signed with a key the set does not hold yet.
                OnMessageReceived = context => keys.EnsureForAsync(context.Token ?? BearerToken(context.Request), context.HttpContext.RequestAborted),
                OnTokenValidated = async context =>
                {
                    NumberClaims.KeepAsWritten(context.Principal!, context.SecurityToken);
                    if (!context.Principal!.AuthMethods().Any(options.AcceptedAuthMethods.Contains))
                    {
                        context.Fail("Tokens of this sign-in method are not accepted here.");
                        return;
                    }

                    if (options.IntrospectionApiKey is null)
                    {
                        return;
                    }

                    var token = ((JsonWebToken)context.SecurityToken).EncodedToken;
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

    /// <summary>The token of an <c>Authorization: Bearer</c> header, as JwtBearer reads it; null without one.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
