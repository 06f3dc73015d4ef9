using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// A role change is stored in the roster, then told to the user's sessions grain, whose refreshed tokens carry the
/// roles. When the telling fails after the roster stored the change, the admin's retry must still bring the user's
/// tokens in step: the retry finds nothing to change in the roster, and tells anyway. A change that lands while a
/// sign-in is between reading the roles and opening its session is not undone by the sign-in.
/// </summary>
public sealed class RoleChangeGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private const string Password = "correct horse battery";
    private static readonly SessionContext Context = new(false, "203.0.113.21", "tests", null);

    private IRoleDirectoryGrain Roles => fixture.Grains.GetGrain<IRoleDirectoryGrain>(0);

    private ISignInGrain SignIn => fixture.Grains.GetGrain<ISignInGrain>(0);

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

    [Theory]
    [InlineData(false, false)] // the user's first session: the grain had no sessions to tell
    [InlineData(true, false)] // another session before: the change reached the grain before this sign-in did
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_role_change_while_a_sign_in_is_on_its_way_is_in_the_tokens_after_it(bool signedInBefore, bool demote)
    {
        var email = $"racer-{Guid.NewGuid():N}@example.com";
        var userId = (await SignIn.Register(new Registration(email, Password, null, Context.ClientAddress))).UserId!;
        await Roles.Grant(Guid.NewGuid().ToString("N"), Role.Admin); // never the last admin
        if (demote)
        {
            await Roles.Grant(userId, Role.Admin);
        }

        if (signedInBefore)
        {
            Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInWithPassword(new PasswordSignIn(email, Password, Context))).Status);
        }

        var held = fixture.Gate.HoldNextCallOf(nameof(IUserSessionsGrain.Open));
        var signingIn = SignIn.SignInWithPassword(new PasswordSignIn(email, Password, Context));
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30)); // the roles are read, the session not yet opened
        Assert.Equal(RoleChange.Done, await Change(userId, demote));
        held.Release();

        var opened = (await signingIn).Tokens!;
        var refreshed = (await fixture.Grains.GetGrain<IUserSessionsGrain>(userId)
            .Refresh(new RefreshAttempt(opened.SessionId, opened.Generation, opened.RefreshSecret))).Tokens!;
        Assert.Equal(!demote, refreshed.Identity.Roles.Contains(Role.Admin));
        if (signedInBefore)
        {
            Assert.Equal(!demote, opened.Identity.Roles.Contains(Role.Admin)); // the grain kept the later roles
        }
    }

    [Fact]
    public async Task Roles_told_by_an_older_releases_directory_are_still_taken()
    {
        var user = fixture.Grains.GetGrain<IUserSessionsGrain>(Guid.NewGuid().ToString("N"));
        var opened = (await user.Open(new NewSessionRequest(false, "127.0.0.1", "tests", null, new UserIdentity("u@example.com", [])))).Tokens!;

        await user.UpdateRoles((IReadOnlyList<string>)[Role.Admin]); // the call as releases before 2026-12-02 make it

        var refreshed = (await user.Refresh(new RefreshAttempt(opened.SessionId, opened.Generation, opened.RefreshSecret))).Tokens!;
        Assert.Equal([Role.Admin], refreshed.Identity.Roles);
    }
}
