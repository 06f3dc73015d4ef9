using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSessions.Abstractions.Accounts;
using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Accounts;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// For <see cref="MembershipWatch.RecheckWindow"/> after a silo joins, another copy of a user's grain may exist and may
/// have ended a session in the store. Every answer about a session (validation for <c>/auth/me</c>, the description
/// for introspection and forward auth, the listing) must then come from what the store holds, not from this copy's
/// memory. Its own cluster: the silo it adds would disturb the other tests.
/// </summary>
public sealed class MembershipChangeRecheckTests : IAsyncLifetime
{
    private static readonly UserIdentity Identity = new("user@example.com", []);

    private readonly GrainClusterFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private static NewSessionRequest Request() =>
        new(false, "127.0.0.1", "tests", new DeviceInfo("desktop", "Linux", "Firefox", null), Identity);

    [Fact]
    public async Task After_a_silo_joins_a_session_ended_by_another_copy_is_answered_ended_everywhere()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = _fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var ended = (await grain.Open(Request())).Tokens!.SessionId;
        var kept = (await grain.Open(Request())).Tokens!.SessionId;
        Assert.Equal(SessionStatus.Active, (await grain.Describe(ended)).Status);

        var first = await JoinSecondSiloAsync();
        await OtherCopy.EndSessionAsync(first, userId, ended);

        Assert.Equal(SessionStatus.Revoked, (await grain.Describe(ended)).Status);
        Assert.Equal(SessionStatus.Revoked, await grain.Validate(ended));
        Assert.Equal(SessionStatus.Active, (await grain.Describe(kept)).Status);
        Assert.Equal([kept], (await grain.List()).Select(s => s.SessionId));
    }

    [Fact]
    public async Task After_a_silo_joins_a_password_or_role_another_copy_changed_is_answered_as_stored()
    {
        // A demoted admin must not keep the role, nor an old password its account, through the copy that answers.
        var email = $"{Guid.NewGuid():N}@example.com";
        var account = _fixture.Grains.GetGrain<IAccountGrain>(email);
        var userId = (await account.Register(new NewAccount("old-hash", null, [])))!.UserId;
        var roles = _fixture.Grains.GetGrain<IRoleDirectoryGrain>(0);
        await roles.Grant(userId, Role.Admin);
        Assert.Equal([Role.Admin], await roles.RolesOf(userId));

        var first = await JoinSecondSiloAsync();
        var storage = first.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Accounts);
        await OtherCopy.ChangeStoredAsync<AccountState>(storage, "account", account.GetGrainId(), a => a.PasswordHash = "new-hash");
        await OtherCopy.ChangeStoredAsync<RoleRosterState>(storage, "roles", roles.GetGrainId(), r => r.Roles.Remove(userId));

        Assert.Equal("new-hash", (await account.GetCredentials())!.PasswordHash);
        Assert.Empty(await roles.RolesOf(userId));
        Assert.Empty((await roles.CurrentRoles(userId)).Names);
    }

    /// <summary>Starts a second silo and returns the first once it has seen the join (it must recheck).</summary>
    private async Task<IServiceProvider> JoinSecondSiloAsync()
    {
        var first = _fixture.Cluster.Silos[0].ServiceProvider;
        var watch = first.GetRequiredService<MembershipWatch>();
        await _fixture.Cluster.StartAdditionalSiloAsync();
        using var seen = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!watch.MustRecheck)
        {
            // The first silo's view of the membership follows the join within a table refresh (no event to await).
            await Task.Delay(50, seen.Token);
        }

        return first;
    }

    [Fact]
    public async Task A_silo_that_joins_a_running_cluster_rechecks_from_its_start()
    {
        // Its first grains read the store when they activate, but the copies they may duplicate (on the silos already
        // running) go on writing: the joining silo must check the store before answering from memory, as they do.
        var joined = await _fixture.Cluster.StartAdditionalSiloAsync();

        Assert.True(joined.ServiceProvider.GetRequiredService<MembershipWatch>().MustRecheck);
    }
}
