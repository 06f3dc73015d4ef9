using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Hosting;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>The Api's user grain references (types read once, no reflection per call) are the references Orleans builds.</summary>
public sealed class UserGrainReferencesTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly NewSessionRequest Request = new(false, "127.0.0.1", "tests", null, new UserIdentity("user@example.com", []));

    [Fact]
    public async Task A_reference_made_from_the_read_types_addresses_the_same_grain_as_GetGrain()
    {
        var userIds = new[] { Guid.NewGuid().ToString("N"), "ext:" + Guid.NewGuid().ToString("N") };
        foreach (var userId in userIds)
        {
            var made = (GrainReference)fixture.Grains.UserSessions(userId);
            var built = (GrainReference)fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
            Assert.Equal((built.GrainId, built.InterfaceType), (made.GrainId, made.InterfaceType));
            Assert.Equal(built, made);
        }

        // A session opened through one reference is seen through the other.
        var opened = await fixture.Grains.UserSessions(userIds[0]).Open(Request);
        Assert.Equal(SessionStatus.Active, await fixture.Grains.GetGrain<IUserSessionsGrain>(userIds[0]).Validate(opened.Tokens!.SessionId));
    }
}
