using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Testing.Processes;
using StackExchange.Redis;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>Grain storage on a Redis that requires a password, reached by either connection-string form.</summary>
public sealed class RedisPasswordTests
{
    private const string Password = "s3cret-redis-pass";

    [Theory]
    [InlineData("{0},password=" + Password)]
    [InlineData("redis://:" + Password + "@{0}/0")]
    public async Task Sessions_are_stored_and_reloaded_through_a_password_protected_redis(string connectionFormat)
    {
        await using var redis = await RedisServer.StartAsync(Password);
        await Assert.ThrowsAnyAsync<RedisException>(async () =>
        {
            await using var anonymous = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
            await anonymous.GetDatabase().StringSetAsync("probe", "x");
        });
        var configuration = new ConfigurationBuilder().Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSessionRules(configuration);
            silo.AddSessionStorage(RedisConnection.Parse(string.Format(connectionFormat, $"127.0.0.1:{redis.Port}")));
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<IUserSessionsGrain>(Guid.NewGuid().ToString("N"));

        var opened = (await grain.Open(new NewSessionRequest(false, null, null, null, new UserIdentity("p@example.com", [])))).Tokens!;
        await cluster.DeactivateAsync(grain);

        Assert.Equal(SessionStatus.Active, await grain.Validate(opened.SessionId));
        Assert.Contains(await redis.KeysAsync(), k => k.Contains("user-sessions", StringComparison.Ordinal));
    }
}
