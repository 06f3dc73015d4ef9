using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.Bench;

/// <summary>
/// What one activation holds on the heap, in one process with the real Redis storage: an empty Orleans grain (the
/// runtime's own cost), a user grain without sessions, and a user grain with five. Full collections before and after
/// each batch; the maintenance timers (every second here) are given time to stop, as they do in a settled silo.
/// </summary>
public static class ActivationMemory
{
    public sealed record Figures(double EmptyGrain, double UserWithoutSessions, double UserWithFiveSessions);

    public static async Task<Figures> MeasureAsync(int grains)
    {
        await using var redis = await RedisServer.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sessions:MaintenanceInterval"] = "00:00:01" })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddSessionRules(configuration)
            .AddSessionStorage(RedisConnection.Parse(redis.ConnectionString)));
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var client = cluster.Client;
        var request = new NewSessionRequest(false, "10.1.2.3", "Mozilla/5.0 (X11; Linux x86_64) bench",
            new DeviceInfo("desktop", "Linux", "Firefox", null), new UserIdentity("user@example.com", []));
        await client.GetGrain<IEmptyGrain>("warm-up").Touch();
        await client.GetGrain<IUserSessionsGrain>("warm-up").Open(request);

        var empty = await PerGrainAsync(grains, i => client.GetGrain<IEmptyGrain>($"empty-{i}").Touch());
        var bare = await PerGrainAsync(grains, i => client.GetGrain<IUserSessionsGrain>($"bare-{i}").Count());
        var five = await PerGrainAsync(grains, async i =>
        {
            var user = client.GetGrain<IUserSessionsGrain>($"user-{i}");
            for (var s = 0; s < 5; s++)
            {
                await user.Open(request);
            }
        });
        return new Figures(empty, bare, five);
    }

    private static async Task<double> PerGrainAsync(int grains, Func<int, Task> activate)
    {
        var before = LiveBytes();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < grains)
            {
                await activate(i);
            }
        }));
        await Task.Delay(TimeSpan.FromSeconds(3)); // two idle ticks: the user grains' timers stop
        return (LiveBytes() - before) / (double)grains;
    }

    private static long LiveBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>A grain that holds nothing: what an activation costs the Orleans runtime itself.</summary>
[Alias("bench.IEmptyGrain")]
public interface IEmptyGrain : IGrainWithStringKey
{
    [Alias("Touch")]
    Task Touch();
}

public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task Touch() => Task.CompletedTask;
}
