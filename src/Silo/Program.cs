using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Health;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Operators;

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
    var operators = builder.AddOperatorAccess();
    var trustsProxies = builder.AddTrustedProxies(); // the operator sign-in's limit counts the client's network, not a proxy's
    builder.UseOrleans(silo => silo.AddSessionSilo(builder.Configuration, redis).AddOperatorDashboard(operators));
    // Ready while Redis answers: its grains' state, reminders and the membership table are all there.
    builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag]);

    var app = builder.Build();
    app.UseSecurityHeaders(); // the dashboard's pages, as on an Api node
    if (trustsProxies)
    {
        app.UseForwardedHeaders();
    }

    app.UseAuthentication();
    app.UseAuthorization();
    app.MapHealthEndpoints();
    app.MapOperatorEndpoints(operators, dashboard: true);

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or FormatException or OptionsValidationException)
{
    // Bad configuration: one clear line naming the key, not a stack trace.
    Console.Error.WriteLine($"OrleansSessions.Silo cannot start: {ex.Message}");
    return 1;
}
