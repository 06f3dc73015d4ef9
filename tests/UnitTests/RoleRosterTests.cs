using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

public sealed class RoleRosterTests
{
    private readonly RoleRosterState _state = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch); // 0 ms: a plain counter

    private RoleRoster Roster => new(_state, _clock);

    [Fact]
    public void A_grant_is_kept_once()
    {
        Assert.True(Roster.Grant("u1", Role.Admin));
        Assert.False(Roster.Grant("u1", Role.Admin));
        Assert.Equal([Role.Admin], Roster.RolesOf("u1"));
        Assert.Empty(Roster.RolesOf("u2"));
    }

    [Fact]
    public void The_last_admin_keeps_the_role()
    {
        Roster.Grant("u1", Role.Admin);

        Assert.Equal((RoleChange.LastAdmin, false), Roster.Revoke("u1", Role.Admin));
        Assert.Equal([Role.Admin], Roster.RolesOf("u1"));
    }

    [Fact]
    public void With_another_admin_the_role_can_go()
    {
        Roster.Grant("u1", Role.Admin);
        Roster.Grant("u2", Role.Admin);

        Assert.Equal((RoleChange.Done, true), Roster.Revoke("u1", Role.Admin));
        Assert.Empty(Roster.RolesOf("u1"));
        Assert.Equal((RoleChange.LastAdmin, false), Roster.Revoke("u2", Role.Admin));
    }

    [Fact]
    public void Revoking_a_role_nobody_holds_changes_nothing()
    {
        Assert.Equal((RoleChange.Done, false), Roster.Revoke("u1", Role.Admin));
    }

    [Fact]
    public void The_bootstrap_grant_happens_once_so_a_later_demotion_stands()
    {
        Assert.True(Roster.GrantBootstrapAdmin("boot"));
        Roster.Grant("other", Role.Admin);
        Roster.Revoke("boot", Role.Admin);

        Assert.False(Roster.GrantBootstrapAdmin("boot"));
        Assert.Empty(Roster.RolesOf("boot"));
    }

    [Fact]
    public void Every_change_of_roles_moves_the_revision_on_and_nothing_else_does()
    {
        Assert.Equal(0, Roster.CurrentRoles("u1").Revision);

        Roster.Grant("u1", Role.Admin);
        Assert.Equal(1, Roster.CurrentRoles("u1").Revision);
        Assert.Equal([Role.Admin], Roster.CurrentRoles("u1").Names);

        Roster.Grant("u1", Role.Admin); // already held
        Roster.Revoke("u1", Role.Admin); // refused: the last admin
        Roster.Revoke("u2", Role.Admin); // not held
        Assert.Equal(1, Roster.CurrentRoles("u2").Revision);

        Roster.Grant("u2", Role.Admin);
        Roster.Revoke("u1", Role.Admin);
        Assert.True(Roster.GrantBootstrapAdmin("u2")); // marked set up, but u2 held the role already
        Assert.Equal(3, Roster.CurrentRoles("u1").Revision);
        Assert.Empty(Roster.CurrentRoles("u1").Names);
    }

    [Fact]
    public void A_roster_written_without_its_revision_goes_on_past_every_revision_given_before()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Roster.Grant("u1", Role.Admin);
        var before = Roster.CurrentRoles("u1").Revision;
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), before);

        _state.Revision = 0; // an older release rewrote the roster, which drops the field it does not know
        _clock.Advance(TimeSpan.FromMinutes(1));
        Roster.Grant("u2", Role.Admin);

        Assert.True(Roster.CurrentRoles("u1").Revision > before);
    }
}
