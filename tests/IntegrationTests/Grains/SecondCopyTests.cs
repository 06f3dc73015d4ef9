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
}
