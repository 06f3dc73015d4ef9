using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// A second copy of a user's grain (Orleans can briefly hold two during a membership change) writes the user's state in
/// Redis behind this copy's back, as the other copy's revoke would. This copy's next change is refused by the ETag; it
/// must then take what the other copy stored, apply its change on that, and answer from it: the other copy's revoke
/// holds, the change succeeds, and the limit counts the sessions the store holds.
/// </summary>
public sealed class SecondCopyTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly UserIdentity Identity = new("user@example.com", []);

    private static NewSessionRequest Request() =>
        new(false, "127.0.0.1", "tests", new DeviceInfo("desktop", "Linux", "Firefox", null), Identity);

    [Fact]
    public async Task A_change_refused_by_the_etag_is_applied_on_what_the_other_copy_stored()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var first = (await grain.Open(Request())).Tokens!;
        var second = (await grain.Open(Request())).Tokens!;

        await OtherCopy.EndSessionAsync(fixture.Cluster.Silos[0].ServiceProvider, userId, first.SessionId);
        var third = await grain.Open(Request());

        Assert.NotNull(third.Tokens);
        Assert.Empty(third.EvictedSessionIds);
        Assert.Equal(SessionStatus.Revoked, await grain.Validate(first.SessionId));
        Assert.Equal(SessionStatus.Active, await grain.Validate(second.SessionId));
        Assert.Equal(
            new[] { second.SessionId, third.Tokens!.SessionId }.Order(),
            (await grain.List()).Select(s => s.SessionId).Order());
    }

    [Fact]
    public async Task A_revoke_refused_by_the_etag_is_stored_over_what_the_other_copy_stored()
    {
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var first = (await grain.Open(Request())).Tokens!;
        var second = (await grain.Open(Request())).Tokens!;
        var third = (await grain.Open(Request())).Tokens!;

        await OtherCopy.EndSessionAsync(fixture.Cluster.Silos[0].ServiceProvider, userId, first.SessionId);
        Assert.True(await grain.Revoke(second.SessionId));
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(SessionStatus.Revoked, await grain.Validate(first.SessionId));
        Assert.Equal(SessionStatus.Revoked, await grain.Validate(second.SessionId));
        Assert.Equal(SessionStatus.Active, await grain.Validate(third.SessionId));
    }

    [Fact]
    public async Task A_logout_of_a_session_only_the_other_copy_holds_ends_it_in_the_store()
    {
        // The logout finds nothing to end in this copy's memory, so it writes nothing and no ETag check speaks: it
        // must look at the store, or the other copy goes on vouching for a session whose logout answered 204.
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var kept = (await grain.Open(Request())).Tokens!.SessionId;
        var silo = fixture.Cluster.Silos[0].ServiceProvider;
        var elsewhere = await OtherCopy.OpenSessionAsync(silo, userId, kept);

        await grain.Logout(elsewhere);

        Assert.Equal([kept], await OtherCopy.StoredSessionIdsAsync(silo, userId));
        Assert.NotEqual(SessionStatus.Active, await grain.Validate(elsewhere));
        Assert.Equal(SessionStatus.Active, await grain.Validate(kept));
    }

    [Fact]
    public async Task A_password_change_on_a_copy_that_holds_no_record_ends_the_sessions_the_other_copy_stored()
    {
        // With no record and no session, this copy has nothing to write (not even the password version): only a look
        // at the store finds the sessions the other copy opened with the old password.
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        Assert.NotEqual(SessionStatus.Active, await grain.Validate("never-opened")); // this copy: no record, no session
        var silo = fixture.Cluster.Silos[0].ServiceProvider;
        var template = Guid.NewGuid().ToString("N");
        var other = fixture.Grains.GetGrain<IUserSessionsGrain>(template);
        var like = (await other.Open(Request())).Tokens!.SessionId;
        await OtherCopy.CopyStateAsync(silo, template, userId);

        Assert.Equal(1, await grain.RevokeBeforePasswordVersion(2, keepSessionId: null));

        Assert.Empty(await OtherCopy.StoredSessionIdsAsync(silo, userId));
        Assert.NotEqual(SessionStatus.Active, await grain.Validate(like));
    }
}
