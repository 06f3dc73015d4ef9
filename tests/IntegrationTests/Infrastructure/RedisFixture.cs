namespace OrleansSessions.IntegrationTests.Infrastructure;

/// <summary>One Redis server shared by the tests of a collection.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync() => Redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Redis.DisposeAsync();
}
