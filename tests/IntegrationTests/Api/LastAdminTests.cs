using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The bootstrap admin alone: the cluster never ends up without an admin.</summary>
public sealed class LastAdminTests(RolesApiFactory factory) : IClassFixture<RolesApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task The_last_admin_cannot_remove_their_own_role()
    {
        var admin = await _api.LoginAsync(RolesApiFactory.AdminEmail, RolesApiFactory.AdminPassword);
        var token = admin["access_token"]!.GetValue<string>();

        var response = await _api.DeleteAsync($"/admin/users/{admin["user"]!["user_id"]!.GetValue<string>()}/roles/admin", token);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Conflict, "last_admin");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/admin/stats", token)).StatusCode);
    }
}
