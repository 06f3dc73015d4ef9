using OrleansSessions.Testing.Processes;
using StackExchange.Redis;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// Takes commands away from Redis's default user, which the silo connects as, through a user of the test's own (ACL):
/// the silo's connections stay up and its commands are refused at once (NOPERM), so a test can make writes fail while
/// reads succeed, or everything fail. Everything is given back when disposed, and again when taken (should an earlier
/// test have failed to give it back).
/// </summary>
public sealed class RedisPermissions : IAsyncDisposable
{
    private const string AdminUser = "orleans-sessions-test-admin";
    private readonly RedisServer _redis;
    private readonly ConnectionMultiplexer _admin;

    private RedisPermissions(RedisServer redis, ConnectionMultiplexer admin) => (_redis, _admin) = (redis, admin);

    public static async Task<RedisPermissions> TakeAsync(RedisServer redis)
    {
        var password = Guid.NewGuid().ToString("N");
        await using (var setup = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await setup.GetDatabase().ExecuteAsync("ACL", "SETUSER", AdminUser, "reset", "on", $">{password}", "~*", "&*", "+@all");
        }

        return new RedisPermissions(redis, await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},user={AdminUser},password={password}"));
    }

    public Task RefuseWritesAsync() => _admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "-@write");

    public Task RefuseEverythingAsync() => _admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "-@all");

    public async ValueTask DisposeAsync()
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "+@all");
                    break;
                }
                catch (RedisException) when (attempt < 5)
                {
                    await Task.Delay(200 * attempt);
                }
            }
        }
        finally
        {
            await _admin.DisposeAsync();
        }

        await using var setup = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        await setup.GetDatabase().ExecuteAsync("ACL", "DELUSER", AdminUser);
    }
}
