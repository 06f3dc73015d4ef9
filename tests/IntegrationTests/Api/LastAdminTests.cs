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

    [Theory]
    [InlineData("nobody-at-all")]
    [InlineData("ext-42")] // a service user's id: never an account, its sessions live under another key
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public async Task A_role_for_an_id_no_account_can_have_is_refused_so_it_never_counts_as_another_admin(string phantom)
    {
        var admin = await _api.LoginAsync(RolesApiFactory.AdminEmail, RolesApiFactory.AdminPassword);
        var token = admin["access_token"]!.GetValue<string>();

        await ApiClient.AssertProblemAsync(
            await _api.SendAsync(HttpMethod.Put, $"/admin/users/{phantom}/roles/admin", null, token), HttpStatusCode.BadRequest, "validation_failed");

        var response = await _api.DeleteAsync($"/admin/users/{admin["user"]!["user_id"]!.GetValue<string>()}/roles/admin", token);
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Conflict, "last_admin");
    }
}
