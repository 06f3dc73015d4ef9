using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace OrleansSessions.Grains.Telemetry;

/// <summary>OpenTelemetry metrics (the product's, Orleans', ASP.NET Core's, the runtime's) exposed for Prometheus at <c>/metrics</c>.</summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddSessionTelemetry(this IServiceCollection services)
    {
        services.TryAddSingleton<SessionMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SessionMetrics.MeterName)
            .AddMeter("Microsoft.Orleans")
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Maps <c>/metrics</c>; who may read it is the caller's choice (<see cref="Operators.OperatorEndpoints"/>).</summary>
    public static IEndpointConventionBuilder MapSessionMetrics(this IEndpointRouteBuilder routes) =>
        routes.MapPrometheusScrapingEndpoint("/metrics");
}
