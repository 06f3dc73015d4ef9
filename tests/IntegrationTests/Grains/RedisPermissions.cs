using OrleansSessions.Testing.Processes;
using StackExchange.Redis;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// Takes commands away from Redis's default user, which the silo connects as, through a user of the test's own (ACL):
/// the silo's connections stay up and its commands are refused at once (NOPERM), so a test can make writes fail while
/// reads succeed, or everything fail. Everything is given back when disposed.
/// </summary>
public sealed class RedisPermissions : IAsyncDisposable
{
    private const string AdminUser = "orleans-sessions-test-admin";
    private readonly ConnectionMultiplexer _admin;

    private RedisPermissions(ConnectionMultiplexer admin) => _admin = admin;

    public static async Task<RedisPermissions> TakeAsync(RedisServer redis)
    {
        var password = Guid.NewGuid().ToString("N");
        await using (var setup = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await setup.GetDatabase().ExecuteAsync("ACL", "SETUSER", AdminUser, "reset", "on", $">{password}", "~*", "&*", "+@all");
        }

        return new RedisPermissions(await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},user={AdminUser},password={password}"));
    }

    public Task RefuseWritesAsync() => _admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "-@write");

    public Task RefuseEverythingAsync() => _admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "-@all");

    public async ValueTask DisposeAsync()
    {
        await _admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "+@all");
        await _admin.GetDatabase().ExecuteAsync("ACL", "DELUSER", AdminUser);
        await _admin.DisposeAsync();
    }
}
