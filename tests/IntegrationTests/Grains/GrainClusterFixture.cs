using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>An in-process Orleans cluster whose grain storage is a real Redis server, with a clock the tests move.</summary>
public class GrainClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public RedisServer Redis { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Faults a test injects into the silo's incoming grain calls.</summary>
    public GrainCallFaults Faults { get; } = new();

    /// <summary>Calls between grains a test holds back for a moment.</summary>
    public GrainCallGate Gate { get; } = new();

    /// <summary>The maintenance timer is off (an hour) unless a test class asks for it.</summary>
    protected virtual TimeSpan MaintenanceInterval => TimeSpan.FromHours(1);

    /// <summary>What a test class adds to the silo's set-up, after the product's own.</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sessions:MaxPerUser"] = "5",
                ["Sessions:MaintenanceInterval"] = MaintenanceInterval.ToString(),
            })
            .Build();
        var redis = RedisConnection.Parse(Redis.ConnectionString);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(SessionClock.Key, Clock);
            silo.AddSessionRules(configuration);
            silo.AddSessionStorage(redis);
            silo.AddIncomingGrainCallFilter(Faults.InvokeAsync);
            silo.AddOutgoingGrainCallFilter(Gate.InvokeAsync);
            ConfigureSilo(silo);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
