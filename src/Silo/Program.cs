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
    var operators = builder.Configuration.GetSection(OperatorCredentials.Section).Get<OperatorCredentials>() ?? new OperatorCredentials();
    builder.UseOrleans(silo =>
    {
        silo.AddSessionSilo(builder.Configuration, redis);
        if (operators.IsConfigured)
        {
            // Each dashboard sample observes Orleans' gauges, some of which walk every activation: with hundreds of
            // thousands of users in memory, a sample a second costs a tenth of a core. Off unless served; 5 s apart.
            silo.AddDashboard(o =>
            {
                o.HideTrace = builder.Configuration.GetValue("Dashboard:HideTrace", true);
                o.CounterUpdateIntervalMs = builder.Configuration.GetValue("Dashboard:CounterUpdateIntervalMs", 5000);
            });
        }
    });
    builder.Services.AddHealthChecks();
    builder.Services.Configure<OperatorCredentials>(builder.Configuration.GetSection(OperatorCredentials.Section));
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
