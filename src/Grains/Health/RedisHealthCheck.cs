using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Health;

/// <summary>Healthy when Redis answers a PING within two seconds.</summary>
public sealed class RedisHealthCheck(SharedRedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Redis did not answer: {ex.GetType().Name}.");
        }
    }

    // A write-capable node answers (the primary behind Sentinel; the node owning the probe key in a Redis Cluster).
    private async Task<TimeSpan> PingAsync() => await (await redis.GetAsync()).GetDatabase().PingAsync();
}
