using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansSessions.Grains.Accounts;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Events;
using OrleansSessions.Grains.Revocation;
using OrleansSessions.Grains.Sessions;
using OrleansSessions.Grains.Stats;
using OrleansSessions.Grains.Telemetry;
using OrleansSessions.Grains.Throttling;
using StackExchange.Redis;

namespace OrleansSessions.Grains.Hosting;

/// <summary>Everything a silo of this service needs: session rules, cluster identity, clustering and storage.</summary>
public static class SessionSiloBuilderExtensions
{
    /// <summary>
    /// Configures the silo. With <paramref name="redis"/> it joins the cluster through Redis membership and keeps
    /// state in Redis; without it, it is a single localhost silo with in-memory state (embedded mode).
    /// </summary>
    public static ISiloBuilder AddSessionSilo(this ISiloBuilder silo, IConfiguration configuration, ConfigurationOptions? redis)
    {
        var cluster = silo.Services.AddSettings<ClusterSettings>(configuration, ClusterSettings.Section);
        silo.AddSessionRules(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        if (redis is null)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            silo.ConfigureEndpoints(cluster);
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            silo.Services.AddOptions<RedisClusteringOptions>().Configure<SharedRedisConnection>((o, shared) =>
                o.CreateMultiplexer = _ => shared.GetForProviderAsync());
            silo.Services.AddRedisExceptionSerialization();
            silo.ConfigureMembership(configuration);
            silo.Services.AddSettings<RedisReplicationSettings>(configuration, RedisReplicationSettings.Section);
        }

        return silo.AddSessionStorage(redis);
    }

    /// <summary>The session rules and the clock the grains read.</summary>
    public static ISiloBuilder AddSessionRules(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddSessionPolicy(configuration);
        silo.Services.AddSessionClock();
        silo.Services.AddSessionTelemetry();
        silo.Services.AddSingleton<LocalSessionGauge>();
        silo.Services.AddSingleton<SiloSessionStatsClient>();
        silo.Services.AddSingleton<RevocationBroadcaster>();
        silo.Services.AddSingleton<MembershipWatch>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<MembershipWatch>());
        silo.Services.AddSingleton<TextPool>();
        silo.Services.Configure<PasswordHasherOptions>(PasswordHashing.Configure);
        silo.Services.AddSingleton<IPasswordHasher<object>, PasswordHasher<object>>();
        silo.Services.AddSingleton<PasswordHashing>();
        silo.Services.AddSingleton<LoginThrottle>();
        silo.Services.AddSingleton<RegistrationThrottle>();
        silo.AddGrainService<SiloSessionStatsService>();
        return silo.AddSessionEvents(configuration);
    }

    /// <summary>
    /// Grain storage: Redis when given (sessions keys expire, accounts do not), else this process's memory
    /// (<see cref="InProcessGrainStorage"/>). Both store the state in the Orleans binary format.
    /// Redis storage shares the process's one connection (<see cref="SharedRedisConnection"/>) and, when
    /// <c>Redis:WaitForReplicas</c> is set, acknowledges a write only once replicas hold it
    /// (<see cref="ReplicaAcknowledgedGrainStorage"/>).
    /// </summary>
    public static ISiloBuilder AddSessionStorage(this ISiloBuilder silo, ConfigurationOptions? redis)
    {
        silo.AddSessionEventLog(redis);
        if (redis is null)
        {
            silo.Services.AddInProcessGrainStorage(GrainStorage.Sessions).AddInProcessGrainStorage(GrainStorage.Devices).AddInProcessGrainStorage(GrainStorage.Accounts);
            return silo;
        }

        silo.Services.TryAddSingleton(_ => new SharedRedisConnection(redis.Clone()));
        silo.Services.AddOptions<RedisReplicationSettings>();

        // Session keys live no longer than the longest possible session after their last write; a device history no
        // longer than the days it remembers (a device last seen earlier is new again anyway, and a device seen again is
        // rewritten at least once a day: DeviceHistory.SeenResolution); accounts never expire.
        silo.AddRedisStorage(GrainStorage.Sessions, policy => TimeSpan.FromSeconds(Math.Ceiling((policy.LongestLifetime + TimeSpan.FromDays(1)).TotalSeconds)));
        silo.AddRedisStorage(GrainStorage.Devices, _ => DeviceHistory.Memory + DeviceHistory.SeenResolution);
        silo.AddRedisStorage(GrainStorage.Accounts, _ => null);
        return silo;
    }

    /// <summary>The session and throttling rules, bound from configuration and validated at start.</summary>
    public static IServiceCollection AddSessionPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<SessionPolicy>(configuration, SessionPolicy.Section);
        services.AddSettings<ThrottlingPolicy>(configuration, ThrottlingPolicy.Section);
        return services;
    }

    /// <summary>
    /// Failure detection tuned for this workload, where every second a silo is unreachable fails the requests of the
    /// users whose grains it holds (docs/operations.md, "Membership tuning"): a silo that misses two probes of two
    /// seconds (at most three while its answers are slow) is suspected, and two votes declare it dead, about 6 s after
    /// it stops answering (Orleans' defaults take 15-30 s); votes older than 30 s no longer count, so two unrelated
    /// blips do not add up to a death. Every silo reads the membership table every 2 s, so a silo that the others
    /// declared dead while it was cut off from them (it still reaches Redis) learns it and stops within 2 s, rather
    /// than serving its stale grains for up to a minute. <c>Orleans:Membership:*</c> overrides any
    /// <see cref="ClusterMembershipOptions"/> value.
    /// </summary>
    private static void ConfigureMembership(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.MaxProbeTimeout = TimeSpan.FromSeconds(3);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 2;
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
    }

    private static void ConfigureEndpoints(this ISiloBuilder silo, ClusterSettings cluster)
    {
        if (string.IsNullOrWhiteSpace(cluster.AdvertisedIP))
        {
            silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
            return;
        }

        var address = IPAddress.TryParse(cluster.AdvertisedIP, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Orleans:AdvertisedIP '{cluster.AdvertisedIP}' is not an IP address.");
        silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort);
    }

    /// <summary>
    /// With <c>Redis:WaitForReplicas</c> above 0, the named Redis storage is wrapped so writes wait for replicas. The
    /// registration replaces the provider's own (the last keyed registration wins); the provider's lifecycle hook
    /// reaches the inner storage through the wrapper.
    /// </summary>
    private static void AddReplicaAcknowledgement(this IServiceCollection services, string name) =>
        services.AddGrainStorage<IGrainStorage>(name, (provider, storageName) =>
        {
            var storage = RedisGrainStorageFactory.Create(provider, storageName);
            var replication = provider.GetRequiredService<IOptions<RedisReplicationSettings>>().Value;
            if (replication.WaitForReplicas == 0)
            {
                return storage;
            }

            var options = provider.GetRequiredService<IOptionsMonitor<RedisStorageOptions>>().Get(storageName);
            return new ReplicaAcknowledgedGrainStorage(
                storage, provider.GetRequiredService<SharedRedisConnection>(), options.GetStorageKey!, replication);
        });

    /// <summary>
    /// One Redis storage provider on the process's shared connection, its keys expiring <paramref name="expiry"/> after
    /// each write (null: never), with the replica acknowledgement <see cref="AddReplicaAcknowledgement"/> adds.
    /// </summary>
    private static void AddRedisStorage(this ISiloBuilder silo, string name, Func<SessionPolicy, TimeSpan?> expiry)
    {
        silo.AddRedisGrainStorage(name, o => o.Configure<Serializer, IOptions<SessionPolicy>, SharedRedisConnection, IOptions<ClusterOptions>>(
            (options, serializer, policy, shared, cluster) =>
            {
                ConfigureRedisStorage(options, shared, cluster.Value, serializer);
                options.EntryExpiry = expiry(policy.Value);
            }));
        silo.Services.AddReplicaAcknowledgement(name);
    }

    private static void ConfigureRedisStorage(RedisStorageOptions options, SharedRedisConnection shared, ClusterOptions cluster, Serializer serializer)
    {
        options.ConfigurationOptions = shared.Options.Clone();
        options.CreateMultiplexer = _ => shared.GetForProviderAsync();
        options.GetStorageKey = RedisStorageKeys.For(cluster.ServiceId);
        options.DeleteStateOnClear = true;
        // The Orleans binary serializer: compact, versioned by the [Id]s of the state records.
        options.GrainStorageSerializer = new PooledGrainStorageSerializer(serializer);
    }
}
