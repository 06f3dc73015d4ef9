using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSessions.Abstractions.Accounts;
using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Accounts;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.IntegrationTests.Events;
using StackExchange.Redis;
using Role = OrleansSessions.Abstractions.Roles.Role;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// Redis loses writes it had acknowledged (a crash with <c>appendfsync everysec</c>, a failover to a replica they had not
/// reached): the store goes back to an older state of the user, in which sessions the grain ended are alive. The grain's
/// next write is refused by the ETag, as another copy's write would refuse it; the older record must not be taken for
/// another copy's, or the ended sessions come back. A grain that makes no write compares memory with the store once
/// Redis is back. The same holds for accounts (a password change) and the role directory (a role revoke). The tests put the earlier state back through the silo's storage, and drop the silo's connections
/// to Redis (<c>CLIENT KILL</c>) for it to come back.
/// </summary>
public sealed class LostWritesTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly UserIdentity Identity = new("user@example.com", []);

    private static NewSessionRequest Request() =>
        new(false, "127.0.0.1", "tests", new DeviceInfo("desktop", "Linux", "Firefox", null), Identity);

    private IServiceProvider Silo => fixture.Cluster.Silos[0].ServiceProvider;

    [Fact]
    public async Task A_revoke_that_redis_lost_stays_ended_when_the_grain_next_writes()
    {
        var (userId, grain, revoked, kept) = await RevokeThatRedisLosesAsync();

        var opened = (await grain.Open(Request())).Tokens!.SessionId;

        Assert.Equal(new[] { kept, opened }.Order(), (await OtherCopy.StoredSessionIdsAsync(Silo, userId)).Order());
        Assert.NotEqual(SessionStatus.Active, await grain.Validate(revoked));
        Assert.Equal(SessionStatus.Active, await grain.Validate(kept));
    }

    [Fact]
    public async Task A_delete_that_redis_lost_does_not_bring_the_last_session_back()
    {
        // The user's last session ended, so the grain deleted the record; Redis lost the delete.
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var revoked = (await grain.Open(Request())).Tokens!.SessionId;
        var beforeRevoke = await OtherCopy.StoredStateAsync(Silo, userId);
        Assert.True(await grain.Revoke(revoked));
        // The record goes once the revoke's event is delivered (it waits in the record until then).
        Assert.True(await EventsSeen.EventuallyAsync(async () => !await OtherCopy.RecordExistsAsync(Silo, userId), TimeSpan.FromSeconds(30)));
        await OtherCopy.PutBackAsync(Silo, userId, beforeRevoke);

        var opened = (await grain.Open(Request())).Tokens!.SessionId;

        Assert.Equal([opened], await OtherCopy.StoredSessionIdsAsync(Silo, userId));
        Assert.NotEqual(SessionStatus.Active, await grain.Validate(revoked));
    }

    [Fact]
    public async Task Once_redis_is_back_a_grain_stores_again_what_redis_lost_before_it_answers()
    {
        // No write of the grain's is refused here: its next call is a validation.
        var (userId, grain, revoked, kept) = await RevokeThatRedisLosesAsync();
        await RedisComesBackAsync();

        Assert.Equal(SessionStatus.Active, await grain.Validate(kept));

        Assert.Equal([kept], await OtherCopy.StoredSessionIdsAsync(Silo, userId));
        Assert.NotEqual(SessionStatus.Active, await grain.Validate(revoked));
    }

    [Fact]
    public async Task A_grain_with_no_call_after_redis_is_back_stores_again_what_redis_lost_as_it_leaves_memory()
    {
        var (userId, grain, revoked, kept) = await RevokeThatRedisLosesAsync();
        await RedisComesBackAsync();

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal([kept], await OtherCopy.StoredSessionIdsAsync(Silo, userId));
        Assert.NotEqual(SessionStatus.Active, await grain.Validate(revoked));
    }

    [Fact]
    public async Task A_password_change_that_redis_lost_is_stored_again_once_redis_is_back()
    {
        // Else the account, once it leaves memory, reads the old password back: the one the user changed because it leaked.
        var account = await PasswordChangeThatRedisLosesAsync();

        await AssertNewPasswordHeldAndStoredAsync(account);
    }

    [Fact]
    public async Task A_registration_that_redis_lost_is_stored_again_once_redis_is_back()
    {
        // An account is never deleted: no record at all, where the grain wrote one, is the store gone back.
        var account = fixture.Grains.GetGrain<IAccountGrain>($"{Guid.NewGuid():N}@example.com");
        var userId = (await account.Register(new NewAccount("hash", null, [])))!.UserId;
        await OtherCopy.DeleteStoredAsync<AccountState>(AccountStorage, "account", account.GetGrainId());
        await RedisComesBackAsync();

        Assert.Equal(userId, (await account.GetCredentials())!.UserId);

        Assert.Equal(userId, (await OtherCopy.StoredAsync<AccountState>(AccountStorage, "account", account.GetGrainId())).UserId);
    }

    [Fact]
    public async Task An_account_whose_write_over_was_refused_compares_again_on_its_next_call()
    {
        var account = await PasswordChangeThatRedisLosesAsync();

        await using (var acl = await RedisPermissions.TakeAsync(fixture.Redis))
        {
            await acl.RefuseWritesAsync();
            await Assert.ThrowsAnyAsync<Exception>(account.GetCredentials); // the older record read, the write-over refused
        }

        await SiloReachesRedisAsync();

        await AssertNewPasswordHeldAndStoredAsync(account);
    }

    [Fact]
    public async Task A_lost_registration_whose_write_over_fails_is_neither_no_account_nor_open_to_a_new_registration()
    {
        var account = fixture.Grains.GetGrain<IAccountGrain>($"{Guid.NewGuid():N}@example.com");
        var userId = (await account.Register(new NewAccount("hash", null, [])))!.UserId;
        await OtherCopy.DeleteStoredAsync<AccountState>(AccountStorage, "account", account.GetGrainId());
        await RedisComesBackAsync();

        await using (var acl = await RedisPermissions.TakeAsync(fixture.Redis))
        {
            await acl.RefuseWritesAsync(); // the comparison reads no record, and its write-over is refused
            await Assert.ThrowsAnyAsync<Exception>(account.GetCredentials);
            await Assert.ThrowsAnyAsync<Exception>(() => account.ReplacePassword(new PasswordReplacement(0, "new-hash", null))); // refused before it changes memory
            await acl.RefuseEverythingAsync(); // Redis out of reach again
            await Assert.ThrowsAnyAsync<Exception>(account.GetCredentials); // not "no such account"
        }

        await SiloReachesRedisAsync();

        Assert.Null(await account.Register(new NewAccount("someone-else's-hash", null, []))); // the email is still taken
        Assert.Equal((userId, "hash"), ((await account.GetCredentials())!.UserId, (await account.GetCredentials())!.PasswordHash));
        Assert.Equal(userId, (await OtherCopy.StoredAsync<AccountState>(AccountStorage, "account", account.GetGrainId())).UserId);
    }

    [Fact]
    public async Task A_role_revoke_that_redis_lost_is_not_undone_by_the_next_change()
    {
        // The next grant's write is refused by the older record, which still holds the revoked admin role.
        var roles = fixture.Grains.GetGrain<IRoleDirectoryGrain>(0);
        var (keeper, demoted, other) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await roles.Grant(keeper, Role.Admin); // the last admin cannot be demoted
        await roles.Grant(demoted, Role.Admin);
        var before = await OtherCopy.StoredAsync<RoleRosterState>(AccountStorage, "roles", roles.GetGrainId());
        Assert.Equal(RoleChange.Done, await roles.Revoke(demoted, Role.Admin));
        await OtherCopy.PutBackAsync(AccountStorage, "roles", roles.GetGrainId(), before);

        await roles.Grant(other, Role.Admin);

        Assert.Empty(await roles.RolesOf(demoted));
        var stored = await OtherCopy.StoredAsync<RoleRosterState>(AccountStorage, "roles", roles.GetGrainId());
        Assert.False(stored.Roles.ContainsKey(demoted));
        Assert.True(stored.Roles.ContainsKey(other));
    }

    private IGrainStorage AccountStorage => Silo.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Accounts);

    /// <summary>A user with two sessions, one revoked: Redis then loses the revoke's write.</summary>
    private async Task<(string UserId, IUserSessionsGrain Grain, string Revoked, string Kept)> RevokeThatRedisLosesAsync()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var revoked = (await grain.Open(Request())).Tokens!.SessionId;
        var kept = (await grain.Open(Request())).Tokens!.SessionId;
        var beforeRevoke = await OtherCopy.StoredStateAsync(Silo, userId);
        Assert.True(await grain.Revoke(revoked));
        await OtherCopy.PutBackAsync(Silo, userId, beforeRevoke);
        return (userId, grain, revoked, kept);
    }

    /// <summary>An account whose password changed from old-hash to new-hash, a change Redis then lost; Redis is back.</summary>
    private async Task<IAccountGrain> PasswordChangeThatRedisLosesAsync()
    {
        var account = fixture.Grains.GetGrain<IAccountGrain>($"{Guid.NewGuid():N}@example.com");
        await account.Register(new NewAccount("old-hash", null, []));
        var before = await OtherCopy.StoredAsync<AccountState>(AccountStorage, "account", account.GetGrainId());
        Assert.True(await account.ReplacePassword(new PasswordReplacement(0, "new-hash", null)));
        await OtherCopy.PutBackAsync(AccountStorage, "account", account.GetGrainId(), before);
        await RedisComesBackAsync();
        return account;
    }

    private async Task AssertNewPasswordHeldAndStoredAsync(IAccountGrain account)
    {
        Assert.Equal("new-hash", (await account.GetCredentials())!.PasswordHash);

        var stored = await OtherCopy.StoredAsync<AccountState>(AccountStorage, "account", account.GetGrainId());
        Assert.Equal(("new-hash", 1), (stored.PasswordHash, stored.PasswordVersion));
    }

    /// <summary>Waits until the silo's own connection answers again (after its commands were refused).</summary>
    private async Task SiloReachesRedisAsync()
    {
        var shared = Silo.GetRequiredService<SharedRedisConnection>();
        async Task<bool> Answers()
        {
            try
            {
                await (await shared.GetAsync()).GetDatabase().PingAsync();
                return true;
            }
            catch (RedisException)
            {
                return false;
            }
        }

        Assert.True(await EventsSeen.EventuallyAsync(Answers, TimeSpan.FromSeconds(30)));
    }

    /// <summary>Drops the silo's connections to Redis and waits until they are back.</summary>
    private async Task RedisComesBackAsync()
    {
        var shared = Silo.GetRequiredService<SharedRedisConnection>();
        var before = shared.Reconnections;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString + ",allowAdmin=true");
        await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal");
        Assert.True(await EventsSeen.EventuallyAsync(() => Task.FromResult(shared.Reconnections > before), TimeSpan.FromSeconds(30)));
    }
}
