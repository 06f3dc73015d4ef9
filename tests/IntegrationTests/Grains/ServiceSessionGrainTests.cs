using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>Service sessions over real Redis grain storage: opened on the external user's grain, stored with client and claims.</summary>
public sealed class ServiceSessionGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_service_session_keeps_its_external_identity_client_and_claims_across_reactivation()
    {
        var externalId = $"idp|{Guid.NewGuid():N}";
        var context = new SessionContext(false, "198.51.100.7", "backend", null, Client: "default", Opening: SessionOpening.New());
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(ExternalUsers.GrainKey(externalId));

        var opened = await grain.OpenForService(new ServiceSignIn(externalId, context, """{"tenant":"acme"}"""));

        Assert.Equal(externalId, opened.Tokens!.Identity.ExternalUserId);
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

    [Fact]
    public async Task A_service_opening_on_another_users_grain_or_without_its_chosen_opening_is_refused()
    {
        var externalId = $"idp|{Guid.NewGuid():N}";
        var chosen = new SessionContext(false, "198.51.100.7", "backend", null, Opening: SessionOpening.New());
        var other = fixture.Grains.GetGrain<IUserSessionsGrain>(ExternalUsers.GrainKey($"idp|{Guid.NewGuid():N}"));
        var own = fixture.Grains.GetGrain<IUserSessionsGrain>(ExternalUsers.GrainKey(externalId));

        await Assert.ThrowsAsync<ArgumentException>(() => other.OpenForService(new ServiceSignIn(externalId, chosen, null)));
        await Assert.ThrowsAsync<ArgumentException>(() => own.OpenForService(new ServiceSignIn(externalId, chosen with { Opening = null }, null)));

        Assert.Empty(await other.List());
        Assert.Empty(await own.List());
    }

    [Fact]
    public async Task The_sign_in_grains_service_opening_kept_for_earlier_api_nodes_opens_on_the_users_grain()
    {
        var externalId = $"idp|{Guid.NewGuid():N}";
        var context = new SessionContext(false, "198.51.100.7", "backend", null, Opening: SessionOpening.New());

        var opened = await fixture.Grains.GetGrain<ISignInGrain>(0).OpenForService(new ServiceSignIn(externalId, context, null));

        Assert.Equal((SignInStatus.Succeeded, ExternalUsers.GrainKey(externalId)), (opened.Status, opened.UserId));
        var listed = Assert.Single(await fixture.Grains.GetGrain<IUserSessionsGrain>(opened.UserId!).List());
        Assert.Equal(context.Opening!.SessionId, listed.SessionId);
    }
}
