using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansSessions.Domain;
using StackExchange.Redis;

namespace OrleansSessions.Hosting;

/// <summary>Everything a silo of this service needs: session rules, cluster identity, clustering and storage.</summary>
public static class SessionSiloBuilderExtensions
{
    /// <summary>
    /// Configures the silo. With <paramref name="redis"/> it joins the cluster through Redis membership and keeps
    /// state in Redis; without it, it is a single localhost silo with in-memory state (embedded mode).
    /// </summary>
    public static ISiloBuilder AddSessionSilo(this ISiloBuilder silo, IConfiguration configuration, ConfigurationOptions? redis)
    {
        var cluster = ConfigurationReader.Read<ClusterSettings>(configuration, ClusterSettings.Section);
        var policy = ConfigurationReader.Read<SessionPolicy>(configuration, SessionPolicy.Section);

        silo.Services.AddSessionPolicy(configuration);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        if (redis is null)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.AddMemoryGrainStorage(GrainStorage.Sessions);
            silo.AddMemoryGrainStorage(GrainStorage.Accounts);
            return silo;
        }

        if (string.IsNullOrWhiteSpace(cluster.AdvertisedIP))
        {
            silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
        }
        else
        {
            var address = IPAddress.TryParse(cluster.AdvertisedIP, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Orleans:AdvertisedIP '{cluster.AdvertisedIP}' is not an IP address.");
            silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort);
        }

        silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());

        // Session keys live no longer than the longest possible session after their last write; accounts never expire.
        var sessionKeyLifetime = TimeSpan.FromSeconds(Math.Ceiling((policy.LongestLifetime + TimeSpan.FromDays(1)).TotalSeconds));
        silo.AddRedisGrainStorage(GrainStorage.Sessions, o => o.Configure<Serializer>((options, serializer) =>
        {
            ConfigureRedisStorage(options, redis, serializer);
            options.EntryExpiry = sessionKeyLifetime;
        }));
        silo.AddRedisGrainStorage(GrainStorage.Accounts, o => o.Configure<Serializer>((options, serializer) =>
            ConfigureRedisStorage(options, redis, serializer)));
        return silo;
    }

    public static IServiceCollection AddSessionPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionPolicy>()
            .Bind(configuration.GetSection(SessionPolicy.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    private static void ConfigureRedisStorage(RedisStorageOptions options, ConfigurationOptions redis, Serializer serializer)
    {
        options.ConfigurationOptions = redis.Clone();
        options.DeleteStateOnClear = true;
        // The Orleans binary serializer: compact, versioned by the [Id]s of the state records.
        options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
    }
}
