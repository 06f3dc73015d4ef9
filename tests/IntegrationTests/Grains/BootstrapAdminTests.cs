using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>The bootstrap admin over real Redis storage: created once, never granted to someone else's account.</summary>
public sealed class BootstrapAdminTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private const string Password = "correct horse battery";

    private ISignInGrain SignIn => fixture.Grains.GetGrain<ISignInGrain>(0);

    private IRoleDirectoryGrain Roles => fixture.Grains.GetGrain<IRoleDirectoryGrain>(0);

    private static string NewEmail() => $"boot-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task An_email_someone_else_registered_first_gets_no_role()
    {
        var email = NewEmail();
        var squatter = await SignIn.Register(new Registration(email, "the squatter's password", null, "127.0.0.1"));

        Assert.Equal(BootstrapOutcome.EmailTakenByAnotherAccount, await SignIn.BootstrapAdmin(new Registration(email, Password, null, "127.0.0.1")));
        Assert.Empty(await Roles.RolesOf(squatter.UserId!));
    }

    [Fact]
    public async Task A_free_email_becomes_admin_once_and_a_later_demotion_stands()
    {
        var email = NewEmail();
        Assert.Equal(BootstrapOutcome.Created, await SignIn.BootstrapAdmin(new Registration(email, Password, null, "127.0.0.1")));
        var login = await SignIn.SignInWithPassword(new PasswordSignIn(email, Password, new SessionContext(false, "127.0.0.1", null, null)));
        Assert.Equal(SignInStatus.Succeeded, login.Status);
        Assert.Contains(Role.Admin, login.Tokens!.Identity.Roles);

        var other = await SignIn.Register(new Registration(NewEmail(), Password, null, "127.0.0.1"));
        await Roles.Grant(other.UserId!, Role.Admin);
        Assert.Equal(RoleChange.Done, await Roles.Revoke(login.UserId!, Role.Admin));

        Assert.Equal(BootstrapOutcome.AlreadySetUp, await SignIn.BootstrapAdmin(new Registration(email, Password, null, "127.0.0.1")));
        Assert.Empty(await Roles.RolesOf(login.UserId!));
    }
}
