using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Telemetry;
using OrleansSessions.Silo.Operators;

var builder = WebApplication.CreateBuilder(args);

var connection = builder.Configuration[RedisConnection.ConfigurationKey];
if (string.IsNullOrWhiteSpace(connection))
{
    Console.Error.WriteLine(
        "ConnectionStrings__Redis is not set. A silo keeps its state in Redis and finds the other silos through it; "
        + "for a single-process service without Redis run `dotnet run --project src/Api` (embedded mode).");
    return 2;
}

try
{
    var redis = RedisConnection.Parse(connection);
    var operators = builder.Services.AddSettings<OperatorCredentials>(builder.Configuration, OperatorCredentials.Section);
    builder.UseOrleans(silo =>
    {
        silo.AddSessionSilo(builder.Configuration, redis);
        if (operators.IsConfigured)
        {
            // Off unless served: its sampling costs CPU on a silo with many activations (see CounterUpdateIntervalMs).
            silo.AddDashboard(o =>
            {
                o.HideTrace = operators.HideTrace;
                o.CounterUpdateIntervalMs = operators.CounterUpdateIntervalMs;
            });
        }
    });
    builder.Services.AddHealthChecks();
    builder.Services.AddAuthentication(OperatorBasicAuthenticationHandler.SchemeName)
        .AddScheme<AuthenticationSchemeOptions, OperatorBasicAuthenticationHandler>(OperatorBasicAuthenticationHandler.SchemeName, null);
    builder.Services.AddAuthorization();

    var app = builder.Build();
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapHealthChecks("/health/live");
    app.MapSessionMetrics();
    if (operators.IsConfigured)
    {
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization();
    }
    else
    {
        app.Logger.LogWarning("The Orleans dashboard is off: set Dashboard__Username and Dashboard__Password to serve it to operators at /dashboard.");
    }

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or FormatException or OptionsValidationException)
{
    // Bad configuration: one clear line naming the key, not a stack trace.
    Console.Error.WriteLine($"OrleansSessions.Silo cannot start: {ex.Message}");
    return 1;
}
