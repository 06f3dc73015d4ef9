using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OrleansSessions.Hosting;
using OrleansSessions.Sessions;

namespace OrleansSessions.Bench;

/// <summary>Sessions opened per second through the grains alone (no HTTP, no password hashing), in one process.</summary>
public static class GrainCreation
{
    private static readonly int Users = int.Parse(Environment.GetEnvironmentVariable("BENCH_GRAIN_USERS") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<double> MeasureAsync(TimeSpan duration)
    {
        var configuration = new ConfigurationBuilder().Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddSessionRules(configuration).AddSessionStorage(configuration, redis: null));
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var identity = new UserIdentity("bench@example.com", []);
        var request = new NewSessionRequest(false, "127.0.0.1", "bench", null, identity);
        var next = 0;
        await cluster.Client.GetGrain<IUserSessionsGrain>("warm-up").Open(request);
        return await ClosedLoop.RunAsync(64, duration, async _ =>
        {
            var user = Interlocked.Increment(ref next) % Users;
            var outcome = await cluster.Client.GetGrain<IUserSessionsGrain>($"user-{user}").Open(request);
            if (outcome.Tokens is null)
            {
                throw new InvalidOperationException("a session was refused");
            }
        });
    }
}
