using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// A role change is stored in the roster, then told to the user's sessions grain, whose refreshed tokens carry the
/// roles. When the telling fails after the roster stored the change, the admin's retry must still bring the user's
/// tokens in step: the retry finds nothing to change in the roster, and tells anyway.
/// </summary>
public sealed class RoleChangeGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private IRoleDirectoryGrain Roles => fixture.Grains.GetGrain<IRoleDirectoryGrain>(0);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_retried_change_whose_first_attempt_could_not_tell_the_user_reaches_their_tokens(bool demote)
    {
        var userId = Guid.NewGuid().ToString("N");
        await Roles.Grant(Guid.NewGuid().ToString("N"), Role.Admin); // never the last admin
        if (demote)
        {
            await Roles.Grant(userId, Role.Admin);
        }

        var user = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var opened = (await user.Open(new NewSessionRequest(false, "127.0.0.1", "tests", null, new UserIdentity("u@example.com", demote ? [Role.Admin] : [])))).Tokens!;

        fixture.Faults.FailNextCallOf(nameof(IUserSessionsGrain.UpdateRoles));
        await Assert.ThrowsAnyAsync<Exception>(() => Change(userId, demote));
        Assert.False(fixture.Faults.IsArmed);
        Assert.Equal(RoleChange.Done, await Change(userId, demote)); // the admin's retry

        var refreshed = (await user.Refresh(new RefreshAttempt(opened.SessionId, opened.Generation, opened.RefreshSecret))).Tokens!;
        Assert.Equal(!demote, refreshed.Identity.Roles.Contains(Role.Admin));
        Assert.Equal(!demote, (await Roles.RolesOf(userId)).Contains(Role.Admin));
    }

    private Task<RoleChange> Change(string userId, bool demote) => demote ? Roles.Revoke(userId, Role.Admin) : Roles.Grant(userId, Role.Admin);
}
