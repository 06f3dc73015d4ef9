using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Caching;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Cookies;
using OrleansSessions.Api.Endpoints;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Roles;
using OrleansSessions.Api.Service;
using OrleansSessions.Api.Sessions;
using OrleansSessions.Api.Tokens;
using OrleansSessions.Grains.Health;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Operators;
using OrleansSessions.Grains.Telemetry;
using Scalar.AspNetCore;

namespace OrleansSessions.Api.Hosting;

/// <summary>The Api's services and request pipeline.</summary>
public static class ApiComposition
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var operators = builder.AddOperatorAccess();
        var mode = builder.AddSessionCluster(operators);
        var jwt = builder.Services.AddSettings<JwtSettings>(builder.Configuration, JwtSettings.Section);
        var (signingKeys, keyGenerated) = SigningKeyLoader.Load(jwt, mode.Embedded);
        var auth = builder.Services.AddSettings<AuthSettings>(builder.Configuration, AuthSettings.Section);
        var (serverSecret, secretGenerated) = ServerSecretLoader.Load(auth, mode.Embedded);
        builder.AddApiServices(signingKeys, serverSecret);
        builder.Services.AddSettings<OperatorSettings>(builder.Configuration, OperatorSettings.Section);
        builder.Services.PostConfigure<OperatorSettings>(o => o.DashboardUrl ??= mode.Embedded && operators.Serves ? OperatorEndpoints.DashboardPath : null);
        var trustsProxies = builder.AddTrustedProxies();

        var app = builder.Build();
        if (mode.Embedded)
        {
            app.Logger.LogWarning(
                "EMBEDDED MODE: no ConnectionStrings__Redis, so this process hosts its own single silo and keeps every account "
                + "and session in memory. Everything is lost when it stops. Set ConnectionStrings__Redis to run as a cluster.");
        }

        if (keyGenerated)
        {
            app.Logger.LogWarning(
                "No Jwt__SigningKey or Jwt__SigningKeyFile: a fresh signing key was generated; tokens will not survive a restart.");
        }

        if (secretGenerated)
        {
            app.Logger.LogWarning(
                "No Auth__SecretKey or Auth__SecretKeyFile: a fresh server secret was generated; refresh and anti-CSRF tokens "
                + "will not survive a restart.");
        }

        WarnOfShortKeys(app.Logger, ("Auth__ServiceKeys", auth.ServiceKeys), ("Auth__IntrospectionKeys", auth.IntrospectionKeys));
        if (trustsProxies)
        {
            app.UseForwardedHeaders();
        }

        app.UseApiPipeline();
        app.MapOperatorEndpoints(operators, dashboard: mode.Embedded); // only an embedded Api hosts a silo, hence a dashboard
        return app;
    }

    /// <summary>Names each setting holding a key short enough to guess (never the key).</summary>
    private static void WarnOfShortKeys(ILogger logger, params (string Setting, string Keys)[] settings)
    {
        foreach (var (setting, keys) in settings)
        {
            if (ApiKeySet.CountShortKeys(keys) is > 0 and var count)
            {
                logger.LogWarning(
                    "{Setting} holds {Count} key(s) of fewer than {Minimum} characters, short enough to guess: use random keys of 32 "
                    + "characters or more (e.g. openssl rand -base64 32).", setting, count, ApiKeySet.RecommendedMinLength);
            }
        }
    }

    private static void AddApiServices(this WebApplicationBuilder builder, SigningKeys signingKeys, ServerSecret serverSecret)
    {
        var services = builder.Services;
        services.AddSingleton(signingKeys);
        services.AddSingleton(serverSecret);
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton(sp => new VerifiedTokenCache(sp.GetRequiredKeyedService<TimeProvider>(SessionClock.Key)));
        services.AddSingleton<TokenResponder>();
        services.AddSessionClock();
        services.AddSessionTelemetry();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<SessionCheck>();
        services.AddHostedService<SessionCacheNode>();
        services.AddSingleton<CsrfTokens>();
        services.AddHostedService<BootstrapAdminStep>();
        services.AddSingleton<IntrospectionKeys>();
        services.AddSingleton<ServiceKeys>();
        services.AddSingleton<TokenIntrospector>();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // A body is read one way only: the contract's names as written, each once. A proxy or WAF that checks
            // "user_id" must not see another value than the service does ("User_Id", or a second "user_id").
            o.SerializerOptions.PropertyNameCaseInsensitive = false;
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.Converters.Add(new UtcTimestampConverter());
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddCode);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = HttpPipeline.MaxRequestBodyBytes);

        services.AddSingleton<AccessTokenValidation>();
        services.AddAuthentication(SessionBearerHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionBearerHandler>(SessionBearerHandler.SchemeName, configureOptions: null);
        services.AddAuthorization(o => o.AddAdminPolicy());
        services.AddSessionOpenApi();
    }

    private static void UseApiPipeline(this WebApplication app)
    {
        app.UseSecurityHeaders(DocsSecurityPolicy.PolicyFor);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles(); // the "your devices" page at /
        app.UseNoStoreForAuth(); // before the body's checks, whose refusals are answers to auth calls too
        app.UseServiceKeyGate(); // before the body's checks: a call without a valid key is 401 whatever it sends
        app.UseRequestBodyCap();
        app.UseKnownCharset();
        app.UseAuthentication();
        app.UseCsrfProtection();
        app.UseAuthorization();

        app.MapAuthEndpoints();
        app.MapSessionEndpoints();
        app.MapAccountEndpoints();
        app.MapAdminEndpoints();
        app.MapRoleEndpoints();
        app.MapIntrospectionEndpoints();
        app.MapForwardAuthEndpoints();
        app.MapServiceEndpoints();
        app.MapKeyEndpoints();
        app.MapHealthEndpoints();
        app.MapOpenApi();
        app.MapScalarApiReference(DocsSecurityPolicy.DocsPath, o => o
            .WithTitle("OrleansSessions API")
            .AddPreferredSecuritySchemes(OpenApiSetup.BearerScheme)
            .WithNonce() // its inline start-up script runs under the page's Content-Security-Policy
            .DisableDefaultFonts()); // no fonts from Scalar's CDN: the policy allows this origin only
    }
}
