using System.Net;
using System.Net.Http.Json;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Admin endpoints, password change and introspection.</summary>
public sealed class AdminAndAccountSecurityTests(SecurityApiFactory factory) : IClassFixture<SecurityApiFactory>
{
    private const string Password = "correct horse battery";
    private readonly ApiClient _api = new(factory.CreateClient());

    private async Task<string> AdminTokenAsync() =>
        (await _api.LoginAsync(SecurityApiFactory.AdminEmail, SecurityApiFactory.AdminPassword))["access_token"]!.GetValue<string>();

    private async Task<HttpResponseMessage> IntrospectAsync(string token, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = JsonContent.Create(new { token }) };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await _api.Http.SendAsync(request);
    }

    [Fact]
    public async Task An_admin_sees_and_revokes_another_users_sessions()
    {
        var adminToken = await AdminTokenAsync();
        Assert.Contains("admin", ApiClient.DecodeJwtPart(adminToken, 1).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var (login, userToken) = await _api.SignUpAndLoginAsync();
        var userId = login["user"]!["user_id"]!.GetValue<string>();

        var listed = await ApiClient.JsonAsync(await _api.GetAsync($"/admin/users/{userId}/sessions", adminToken));
        Assert.Equal(1, listed["count"]!.GetValue<int>());
        Assert.Equal(login["session_id"]!.GetValue<string>(), listed["sessions"]![0]!["session_id"]!.GetValue<string>());
        Assert.False(listed["sessions"]![0]!["is_current"]!.GetValue<bool>());

        var revoked = await ApiClient.JsonAsync(await _api.DeleteAsync($"/admin/users/{userId}/sessions", adminToken));

        Assert.Equal(1, revoked["sessions_revoked"]!.GetValue<int>());
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", userToken), HttpStatusCode.Unauthorized, "session_revoked");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", adminToken)).StatusCode);
    }

    [Fact]
    public async Task An_admin_revoke_with_an_empty_session_id_is_an_unknown_session_not_a_revoke_of_all()
    {
        var adminToken = await AdminTokenAsync();
        var (login, userToken) = await _api.SignUpAndLoginAsync();

        await ApiClient.AssertProblemAsync(
            await _api.DeleteAsync($"/admin/users/{login["user"]!["user_id"]!.GetValue<string>()}/sessions/", adminToken), HttpStatusCode.NotFound, "session_not_found");

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", userToken)).StatusCode);
    }

    [Fact]
    public async Task An_admin_finds_a_user_by_email_and_revokes_one_of_their_sessions()
    {
        var adminToken = await AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var userId = await _api.RegisterAsync(email, Password);
        var kept = await _api.LoginAsync(email, Password);
        var ended = await _api.LoginAsync(email, Password);

        var found = await ApiClient.JsonAsync(await _api.GetAsync($"/admin/users?email={Uri.EscapeDataString("  " + email.ToUpperInvariant())}", adminToken));
        var user = Assert.Single(found["users"]!.AsArray())!;
        Assert.Equal(userId, user["user_id"]!.GetValue<string>());
        Assert.Equal(email, user["email"]!.GetValue<string>());
        Assert.Empty(user["roles"]!.AsArray());
        Assert.True(DateTimeOffset.Parse(user["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow);
        Assert.Null(user["password_hash"]);
        var admin = Assert.Single((await ApiClient.JsonAsync(await _api.GetAsync($"/admin/users?email={SecurityApiFactory.AdminEmail}", adminToken)))["users"]!.AsArray())!;
        Assert.Contains("admin", admin["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty((await ApiClient.JsonAsync(await _api.GetAsync("/admin/users?email=nobody-here@example.com", adminToken)))["users"]!.AsArray());

        var endedId = ended["session_id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/admin/users/{userId}/sessions/{endedId}", adminToken)).StatusCode);

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", ended["access_token"]!.GetValue<string>()), HttpStatusCode.Unauthorized, "session_revoked");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", kept["access_token"]!.GetValue<string>())).StatusCode);
        await ApiClient.AssertProblemAsync(await _api.DeleteAsync($"/admin/users/{userId}/sessions/{endedId}", adminToken), HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task The_operator_search_refuses_bad_input_and_non_admins()
    {
        var adminToken = await AdminTokenAsync();
        var (_, userToken) = await _api.SignUpAndLoginAsync();

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/admin/users", adminToken), HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/admin/users?email=not-an-email", adminToken), HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.AssertProblemAsync(await _api.GetAsync($"/admin/users?email={SecurityApiFactory.AdminEmail}", userToken), HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.AssertProblemAsync(await _api.DeleteAsync("/admin/users/x/sessions/y", userToken), HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/admin/links", userToken), HttpStatusCode.Forbidden, "forbidden");
        // No operator sign-in configured outside Development: no dashboard, so no link to one (OperatorAccessTests has the link).
        Assert.Null((await ApiClient.JsonAsync(await _api.GetAsync("/admin/links", adminToken)))["dashboard_url"]);
    }

    [Fact]
    public async Task Admin_stats_count_users_online_and_their_sessions()
    {
        var adminToken = await AdminTokenAsync();
        async Task<System.Text.Json.Nodes.JsonObject> StatsAsync() => await ApiClient.JsonAsync(await _api.GetAsync("/admin/stats", adminToken));
        var before = await StatsAsync();

        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email, Password);
        var first = (await _api.LoginAsync(email, Password))["access_token"]!.GetValue<string>();
        await _api.LoginAsync(email, Password);
        var during = await StatsAsync();
        await _api.PostAsync("/auth/logout-all", first);
        var after = await StatsAsync();

        long Sessions(System.Text.Json.Nodes.JsonObject s) => s["active_sessions"]!.GetValue<long>();
        long Users(System.Text.Json.Nodes.JsonObject s) => s["users_online"]!.GetValue<long>();
        Assert.Equal(Sessions(before) + 2, Sessions(during));
        Assert.Equal(Users(before) + 1, Users(during));
        Assert.Equal(Sessions(before), Sessions(after));
        Assert.Equal(Users(before), Users(after));
        var silo = Assert.Single(during["silos"]!.AsArray());
        Assert.Equal(Sessions(during), silo!["active_sessions"]!.GetValue<long>());

        var (_, userToken) = await _api.SignUpAndLoginAsync();
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/admin/stats", userToken), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Non_admins_are_forbidden_and_anonymous_callers_unauthorized()
    {
        var (login, userToken) = await _api.SignUpAndLoginAsync();
        var userId = login["user"]!["user_id"]!.GetValue<string>();

        await ApiClient.AssertProblemAsync(await _api.GetAsync($"/admin/users/{userId}/sessions", userToken), HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.AssertProblemAsync(await _api.DeleteAsync($"/admin/users/{userId}/sessions", userToken), HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.AssertProblemAsync(await _api.GetAsync($"/admin/users/{userId}/sessions"), HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", userToken)).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_revokes_every_other_session()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email, Password);
        var otherLogin = await _api.LoginAsync(email, Password);
        var other = otherLogin["access_token"]!.GetValue<string>();
        var current = (await _api.LoginAsync(email, Password))["access_token"]!.GetValue<string>();

        await ApiClient.AssertProblemAsync(
            await _api.PostJsonAsync("/auth/password", new { current_password = "wrong password", new_password = "a brand new one" }, current),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        await ApiClient.AssertProblemAsync(
            await _api.PostJsonAsync("/auth/password", new { current_password = Password, new_password = "short" }, current),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", other)).StatusCode);

        var changed = await _api.PostJsonAsync("/auth/password", new { current_password = Password, new_password = "a brand new one" }, current);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", current)).StatusCode);
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", other), HttpStatusCode.Unauthorized, "session_revoked");
        await ApiClient.AssertProblemAsync(
            await _api.PostJsonAsync("/auth/refresh", new { refresh_token = otherLogin["refresh_token"]!.GetValue<string>() }),
            HttpStatusCode.Unauthorized, "invalid_token");
        await ApiClient.AssertProblemAsync(
            await _api.PostJsonAsync("/auth/login", new { email, password = Password }), HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync("/auth/login", new { email, password = "a brand new one" })).StatusCode);
    }

    [Fact]
    public async Task Introspection_reports_active_tokens_and_learns_about_revocation()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();

        var active = await ApiClient.JsonAsync(await IntrospectAsync(token, SecurityApiFactory.IntrospectionKey));
        Assert.True(active["active"]!.GetValue<bool>());
        Assert.Equal(login["user"]!["user_id"]!.GetValue<string>(), active["sub"]!.GetValue<string>());
        Assert.Equal(login["session_id"]!.GetValue<string>(), active["sid"]!.GetValue<string>());
        Assert.True(active["exp"]!.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        await _api.PostAsync("/auth/logout", token);
        var inactive = await ApiClient.JsonAsync(await IntrospectAsync(token, "resource-server-key-2"));

        Assert.False(inactive["active"]!.GetValue<bool>());
        Assert.Single(inactive);
        Assert.False((await ApiClient.JsonAsync(await IntrospectAsync("garbage", SecurityApiFactory.IntrospectionKey)))["active"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("resource-server-key")] // a prefix of a real key
    [InlineData("resource-server-key-10")] // a real key and more
    [InlineData("RESOURCE-SERVER-KEY-1")]
    [InlineData("resource-server-key-1,resource-server-key-2")]
    public async Task Introspection_refuses_a_missing_or_wrong_api_key_as_invalid_api_key(string? key)
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        var refused = await IntrospectAsync(token, key);

        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Equal("ApiKey", refused.Headers.WwwAuthenticate.ToString());
    }
}

/// <summary>With no keys configured, introspection refuses everyone.</summary>
public sealed class IntrospectionWithoutKeysTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_caller_is_refused()
    {
        var api = new ApiClient(factory.CreateClient());
        var (_, token) = await api.SignUpAndLoginAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = JsonContent.Create(new { token }) };
        request.Headers.Add("X-Api-Key", "");

        await ApiClient.AssertProblemAsync(await api.Http.SendAsync(request), HttpStatusCode.Unauthorized, "invalid_api_key");
    }
}
