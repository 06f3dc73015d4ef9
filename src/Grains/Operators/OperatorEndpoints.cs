using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// The operator endpoints of silos and Api nodes alike: <c>/metrics</c> and, where a silo runs, the Orleans dashboard
/// at <c>/dashboard</c>, each served as <see cref="OperatorAccess"/> decides.
/// </summary>
public static class OperatorEndpoints
{
    /// <summary>Where the Orleans dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// Reads the <c>Dashboard</c> section and registers the operator Basic scheme and policy. The scheme is never made
    /// the default: the host's own scheme (the Api's bearer tokens) stays in charge of every other endpoint.
    /// </summary>
    public static OperatorAccess AddOperatorAccess(this WebApplicationBuilder builder)
    {
        var credentials = builder.Services.AddSettings<OperatorCredentials>(builder.Configuration, OperatorCredentials.Section);
        builder.Services.AddSessionClock().AddSingleton<OperatorSignInGuard>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorBasicAuthenticationHandler>(OperatorBasicAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(o => o.AddPolicy(OperatorAccess.Policy, policy => policy
            .AddAuthenticationSchemes(OperatorBasicAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()));
        var access = OperatorAccess.For(credentials, builder.Environment);
        builder.Services.AddSingleton(access);
        return access;
    }

    /// <summary>
    /// The dashboard's services, only where it is served: its sampling costs CPU on a silo with many activations, so it
    /// samples at the counter interval, Orleans' meter included (<see cref="DashboardCounterExport"/>).
    /// </summary>
    public static ISiloBuilder AddOperatorDashboard(this ISiloBuilder silo, OperatorAccess access)
    {
        if (access.Serves)
        {
            silo.AddDashboard(o =>
            {
                o.HideTrace = access.Credentials.HideTrace;
                o.CounterUpdateIntervalMs = access.Credentials.CounterUpdateIntervalMs;
            });
            DashboardCounterExport.Align(silo.Services, access.Credentials.CounterUpdateIntervalMs);
        }

        return silo;
    }

    /// <summary>Maps <c>/metrics</c> and, with <paramref name="dashboard"/>, <c>/dashboard</c>: behind the operator sign-in, open, or not at all.</summary>
    public static WebApplication MapOperatorEndpoints(this WebApplication app, OperatorAccess access, bool dashboard)
    {
        var served = dashboard ? "The Orleans dashboard (/dashboard) and /metrics" : "/metrics";
        switch (access.Mode)
        {
            case OperatorAccessMode.Off:
                app.Logger.LogWarning("{Endpoints}: off. Set Dashboard__Username and Dashboard__Password to serve them to operators.", served);
                return app;
            case OperatorAccessMode.Open:
                app.Logger.LogWarning("{Endpoints}: open without sign-in (Development environment, no Dashboard__Username).", served);
                break;
        }

        var endpoints = new List<IEndpointConventionBuilder> { app.MapSessionMetrics() };
        if (dashboard)
        {
            endpoints.Add(app.MapOrleansDashboard(routePrefix: DashboardPath));
        }

        if (access.Mode == OperatorAccessMode.SignIn)
        {
            endpoints.ForEach(e => e.RequireAuthorization(OperatorAccess.Policy));
        }

        return app;
    }
}
