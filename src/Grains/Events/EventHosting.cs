using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using OrleansSessions.Grains.Expiry;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Telemetry;
using StackExchange.Redis;

namespace OrleansSessions.Grains.Events;

/// <summary>Session events on a silo: settings, metrics, webhooks, and the log, expiry index and reminders of the hosting mode.</summary>
internal static class EventHosting
{
    /// <summary>What does not depend on the hosting mode: <c>Events:*</c> (checked at start), metrics, webhook dispatch.</summary>
    public static ISiloBuilder AddSessionEvents(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddSettings<EventSettings>(configuration, EventSettings.Section);
        silo.Services.TryAddSingleton<EventMetrics>();
        silo.Services.TryAddSingleton<WebhookSender>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, EventWorkersStarter>();
        return silo;
    }

    /// <summary>
    /// Cluster mode: the Redis stream is the log, and the expiry index and the reminders (one per sweeper and per
    /// webhook) are in Redis, so all outlive any silo. Embedded mode: all in memory, like the grain state.
    /// </summary>
    public static ISiloBuilder AddSessionEventLog(this ISiloBuilder silo, ConfigurationOptions? redis)
    {
        if (redis is null)
        {
            silo.Services.TryAddSingleton<IEventLog, InMemoryEventLog>();
            silo.Services.TryAddSingleton<IExpiryIndex, InMemoryExpiryIndex>();
            silo.UseInMemoryReminderService();
            return silo;
        }

        silo.Services.TryAddSingleton(_ => new SharedRedisConnection(redis.Clone()));
        silo.Services.TryAddSingleton<IEventLog, RedisEventStream>();
        silo.Services.TryAddSingleton<IExpiryIndex, RedisExpiryIndex>();
        silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
        silo.Services.AddOptions<RedisReminderTableOptions>().Configure<SharedRedisConnection>((o, shared) =>
            o.CreateMultiplexer = _ => shared.GetForProviderAsync());
        return silo;
    }
}
