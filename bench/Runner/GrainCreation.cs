using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Bench;

/// <summary>
/// Sessions opened per second through the grains alone (no HTTP, no password hashing), in one process. The workers
/// call through the silo's own grain factory, as a co-hosted caller does (the embedded Api), so calls skip the
/// gateway; the grains store every change through <see cref="InProcessGrainStorage"/>, as embedded mode does.
/// </summary>
public static class GrainCreation
{
    private static readonly int Users = int.Parse(Environment.GetEnvironmentVariable("BENCH_GRAIN_USERS") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<double> MeasureAsync(TimeSpan duration)
    {
        var configuration = new ConfigurationBuilder().Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSessionRules(configuration);
            silo.AddSessionStorage(redis: null); // embedded mode's storage, event log and expiry index, all in this process
        });
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var users = new UserGrains(cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>());
        var identity = new UserIdentity("bench@example.com", []);
        var request = new NewSessionRequest(false, "127.0.0.1", "bench", null, identity);
        var next = 0;
        await users.Get("warm-up").Open(request);
        return await ClosedLoop.RunAsync(64, duration, async _ =>
        {
            var user = Interlocked.Increment(ref next) % Users;
            var outcome = await users.Get($"user-{user}").Open(request);
            if (outcome.Tokens is null)
            {
                throw new InvalidOperationException("a session was refused");
            }
        });
    }

    /// <summary>
    /// References to user grains. <c>GetGrain&lt;T&gt;(key)</c> looks the interface up by reflection on every call
    /// (about a tenth of the work here); the grain and interface types are resolved once instead.
    /// </summary>
    private sealed class UserGrains(IGrainFactory grains)
    {
        private readonly GrainReference _probe = (GrainReference)grains.GetGrain<IUserSessionsGrain>("probe");

        public IUserSessionsGrain Get(string userId) =>
            (IUserSessionsGrain)grains.GetGrain(GrainId.Create(_probe.GrainId.Type, userId), _probe.InterfaceType);
    }
}
