using System.Net;
using System.Text.Json.Nodes;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// Roles granted by operators (v2): no public request makes anyone admin, role changes need a fresh sign-in,
/// and a demotion is felt at once. The last-admin rule has its own Api (<see cref="LastAdminTests"/>): here others are granted.
/// </summary>
public sealed class RoleTests(RolesApiFactory factory) : IClassFixture<RolesApiFactory>
{
    private const string Password = "correct horse battery";
    private readonly ApiClient _api = new(factory.CreateClient());

    private async Task<JsonObject> AdminLoginAsync() => await _api.LoginAsync(RolesApiFactory.AdminEmail, RolesApiFactory.AdminPassword);

    private static string Token(JsonObject login) => login["access_token"]!.GetValue<string>();

    private static string UserId(JsonObject login) => login["user"]!["user_id"]!.GetValue<string>();

    private Task<HttpResponseMessage> PutRoleAsync(string userId, string token) =>
        _api.SendAsync(HttpMethod.Put, $"/admin/users/{userId}/roles/admin", null, token);

    [Fact]
    public async Task Registering_gives_no_role_and_the_bootstrap_admin_has_it()
    {
        var (_, userToken) = await _api.SignUpAndLoginAsync();
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/admin/stats", userToken), HttpStatusCode.Forbidden, "forbidden");

        var admin = await AdminLoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/admin/stats", Token(admin))).StatusCode);
        Assert.Contains("admin", ApiClient.DecodeJwtPart(Token(admin), 1).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var registerAgain = await _api.PostJsonAsync("/auth/register", new { email = RolesApiFactory.AdminEmail, password = "someone else's" });
        await ApiClient.AssertProblemAsync(registerAgain, HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task A_role_change_needs_a_fresh_sign_in_and_reauthentication_gives_one()
    {
        var admin = await AdminLoginAsync();
        var (user, _) = await _api.SignUpAndLoginAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(11)); // past the 10-minute window, inside the token's 15 minutes

        await ApiClient.AssertProblemAsync(await PutRoleAsync(UserId(user), Token(admin)), HttpStatusCode.Forbidden, "reauthentication_required");
        await ApiClient.AssertProblemAsync(
            await _api.DeleteAsync($"/admin/users/{UserId(user)}/roles/admin", Token(admin)), HttpStatusCode.Forbidden, "reauthentication_required");
        var userAgain = await _api.LoginAsync(user["user"]!["email"]!.GetValue<string>());
        Assert.Empty(ApiClient.DecodeJwtPart(Token(userAgain), 1).GetProperty("roles").EnumerateArray()); // the role was not granted

        var wrong = await _api.PostJsonAsync("/auth/reauthenticate", new { password = "not the password" }, Token(admin));
        await ApiClient.AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal("4", wrong.Headers.GetValues("X-RateLimit-Remaining").Single()); // counted as a failed login

        var fresh = await ApiClient.JsonAsync(await _api.PostJsonAsync("/auth/reauthenticate", new { password = RolesApiFactory.AdminPassword }, Token(admin)));
        Assert.Equal(admin["session_id"]!.GetValue<string>(), fresh["session_id"]!.GetValue<string>());
        Assert.Equal(factory.Clock.GetUtcNow().ToUnixTimeSeconds(), ApiClient.DecodeJwtPart(Token(fresh), 1).GetProperty("auth_time").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await PutRoleAsync(UserId(user), Token(fresh))).StatusCode);
    }

    [Fact]
    public async Task A_demoted_admin_is_refused_at_once_though_the_token_still_says_admin()
    {
        var admin = Token(await AdminLoginAsync());
        var (deputy, _) = await _api.SignUpAndLoginAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await PutRoleAsync(UserId(deputy), admin)).StatusCode);
        var refreshed = await ApiClient.JsonAsync(await _api.PostJsonAsync("/auth/refresh", new { refresh_token = deputy["refresh_token"]!.GetValue<string>() }));
        var deputyToken = Token(refreshed);
        Assert.Contains("admin", ApiClient.DecodeJwtPart(deputyToken, 1).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/admin/stats", deputyToken)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/admin/users/{UserId(deputy)}/roles/admin", admin)).StatusCode);

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/admin/stats", deputyToken), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", deputyToken)).StatusCode); // the session itself stays
    }

    [Fact]
    public async Task Role_changes_are_for_admins_only_and_check_the_user_id()
    {
        var (user, userToken) = await _api.SignUpAndLoginAsync();
        await ApiClient.AssertProblemAsync(await PutRoleAsync(UserId(user), userToken), HttpStatusCode.Forbidden, "forbidden");

        var admin = Token(await AdminLoginAsync());
        await ApiClient.AssertProblemAsync(await PutRoleAsync("not%20a%20user", admin), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Listings_carry_when_each_session_was_last_authenticated()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var listed = await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", token));

        var session = Assert.Single(listed["sessions"]!.AsArray())!;
        Assert.Equal(session["created_at"]!.GetValue<string>(), session["authenticated_at"]!.GetValue<string>());
        Assert.Equal(login["session_id"]!.GetValue<string>(), session["session_id"]!.GetValue<string>());
    }
}
