using Orleans.Configuration;
using OrleansSessions.Api.Health;
using OrleansSessions.Grains.Health;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Operators;

namespace OrleansSessions.Api.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// Without <c>ConnectionStrings:Redis</c>: co-hosts one silo with in-memory state (embedded mode).
    /// With it: joins the cluster as an Orleans client, finding gateways through Redis.
    /// </summary>
    public static HostingMode AddSessionCluster(this WebApplicationBuilder builder, OperatorAccess operators)
    {
        var connection = builder.Configuration[RedisConnection.ConfigurationKey];
        var health = builder.Services.AddHealthChecks()
            .AddCheck<OrleansClusterHealthCheck>("orleans", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddSingleton<GrainRetry>();
        builder.Services.AddSingleton<SignInGrainReference>();
        if (string.IsNullOrWhiteSpace(connection))
        {
            builder.UseOrleans(silo => silo.AddSessionSilo(builder.Configuration, redis: null)
                .AddOutgoingGrainCallFilter<GrainRetryFilter>()
                .AddOperatorDashboard(operators));
            health.AddCheck("redis", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(
                "Embedded mode: no Redis, state is in memory."), tags: [HealthEndpoints.ReadyTag]);
            return Register(builder, new HostingMode(Embedded: true));
        }

        var redis = new SharedRedisConnection(RedisConnection.Parse(connection));
        builder.Services.AddSingleton(_ => redis);
        var cluster = builder.Services.AddSettings<ClusterSettings>(builder.Configuration, ClusterSettings.Section);
        builder.Services.AddSessionPolicy(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.UseRedisClustering(o =>
            {
                o.ConfigurationOptions = redis.Options.Clone();
                o.CreateMultiplexer = _ => redis.GetForProviderAsync();
            });
            client.Services.AddRedisExceptionSerialization();
            client.AddOutgoingGrainCallFilter<GrainRetryFilter>();
            // A call to a grain on a silo that just crashed goes unanswered until this timeout (Orleans: 30 s).
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            // Silos declared dead leave the gateway list within 5 s (Orleans: 1 min), so requests stop going to them.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        });
        health.AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag]);
        return Register(builder, new HostingMode(Embedded: false));
    }

    private static HostingMode Register(WebApplicationBuilder builder, HostingMode mode)
    {
        builder.Services.AddSingleton(mode);
        return mode;
    }
}
