using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>Service sessions over real Redis grain storage: opened through the sign-in flow, stored with client and claims.</summary>
public sealed class ServiceSessionGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_service_session_keeps_its_external_identity_client_and_claims_across_reactivation()
    {
        var externalId = $"idp|{Guid.NewGuid():N}";
        var context = new SessionContext(false, "198.51.100.7", "backend", null, Client: "default");

        var opened = await fixture.Grains.GetGrain<ISignInGrain>(0).OpenForService(new ServiceSignIn(externalId, context, """{"tenant":"acme"}"""));

        Assert.Equal(SignInStatus.Succeeded, opened.Status);
        Assert.Equal(ExternalUsers.GrainKey(externalId), opened.UserId);
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(opened.UserId!);
        Assert.True(await grain.UpdateClaims(opened.Tokens!.SessionId, """{"tenant":"globex"}"""));

        await fixture.Cluster.DeactivateAsync(grain);

        var description = await grain.Describe(opened.Tokens.SessionId);
        Assert.Equal((SessionStatus.Active, "default", """{"tenant":"globex"}"""), (description.Status, description.Client, description.ClaimsJson));
        var listed = Assert.Single(await grain.List());
        Assert.True(listed.OpenedByService);
        Assert.Equal("198.51.100.7", listed.IpAddress);
        var rotated = await grain.Refresh(new RefreshAttempt(opened.Tokens.SessionId, opened.Tokens.Generation, opened.Tokens.RefreshSecret));
        Assert.Equal((externalId, """{"tenant":"globex"}"""), (rotated.Tokens!.Identity.ExternalUserId, rotated.Tokens.ClaimsJson));
    }
}
