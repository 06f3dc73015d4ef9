using System.Net;
using System.Text.Json.Nodes;

namespace OrleansSessions.IntegrationTests.Api;

public sealed class SessionEndpointTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private static string Token(JsonObject login) => login["access_token"]!.GetValue<string>();

    private static string Sid(JsonObject login) => login["session_id"]!.GetValue<string>();

    [Fact]
    public async Task Me_answers_who_is_calling()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();

        var response = await _api.GetAsync("/auth/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var me = await ApiClient.JsonAsync(response);
        Assert.Equal(login["user"]!["user_id"]!.GetValue<string>(), me["user_id"]!.GetValue<string>());
        Assert.Equal(login["user"]!["email"]!.GetValue<string>(), me["email"]!.GetValue<string>());
        Assert.Equal(Sid(login), me["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sessions_lists_only_the_callers_sessions_most_recently_active_first()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var older = await _api.LoginAsync(email, rememberMe: true);
        var newer = await _api.LoginAsync(email);
        await _api.SignUpAndLoginAsync(); // someone else
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(older))).StatusCode);

        var response = await _api.GetAsync("/auth/sessions", Token(newer));

        var body = await ApiClient.JsonAsync(response);
        Assert.Equal(2, body["count"]!.GetValue<int>());
        Assert.Equal(5, body["max_sessions"]!.GetValue<int>());
        var sessions = body["sessions"]!.AsArray();
        Assert.Equal([Sid(older), Sid(newer)], sessions.Select(s => s!["session_id"]!.GetValue<string>()));
        Assert.True(sessions[0]!["remember_me"]!.GetValue<bool>());
        Assert.False(sessions[0]!["is_current"]!.GetValue<bool>());
        Assert.True(sessions[1]!["is_current"]!.GetValue<bool>());
        foreach (var field in new[] { "created_at", "last_activity", "expires_at" })
        {
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", sessions[0]![field]!.GetValue<string>());
        }

        foreach (var field in new[] { "ip_address", "user_agent", "device_info" })
        {
            Assert.True(sessions[0]!.AsObject().ContainsKey(field), $"missing {field}");
        }
    }

    [Fact]
    public async Task Logout_refuses_the_same_token_and_its_refresh_token_afterwards()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _api.PostAsync("/auth/logout", token)).StatusCode);

        var me = await _api.GetAsync("/auth/me", token);
        await ApiClient.AssertProblemAsync(me, HttpStatusCode.Unauthorized, "session_revoked");
        Assert.Contains("invalid_token", me.Headers.WwwAuthenticate.ToString());
        var refresh = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = login["refresh_token"]!.GetValue<string>() });
        await ApiClient.AssertProblemAsync(refresh, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Revoke_one_session_by_id_and_never_reveal_others()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var phone = await _api.LoginAsync(email);
        var laptop = await _api.LoginAsync(email);
        var (stranger, strangerToken) = await _api.SignUpAndLoginAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/auth/sessions/{Sid(phone)}", Token(laptop))).StatusCode);
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(phone)), HttpStatusCode.Unauthorized, "session_revoked");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(laptop))).StatusCode);

        await ApiClient.AssertProblemAsync(await _api.DeleteAsync($"/auth/sessions/{Sid(phone)}", Token(laptop)), HttpStatusCode.NotFound, "session_not_found");
        await ApiClient.AssertProblemAsync(await _api.DeleteAsync($"/auth/sessions/{Sid(stranger)}", Token(laptop)), HttpStatusCode.NotFound, "session_not_found");
        await ApiClient.AssertProblemAsync(await _api.DeleteAsync("/auth/sessions/no%20such%20id", Token(laptop)), HttpStatusCode.NotFound, "session_not_found");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", strangerToken)).StatusCode);
    }

    [Fact]
    public async Task A_user_may_revoke_their_current_session_by_id()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/auth/sessions/{Sid(login)}", token)).StatusCode);
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Theory]
    [InlineData("/auth/sessions/")]
    [InlineData("/auth/sessions/?keep_current=false")]
    public async Task A_revoke_with_an_empty_session_id_is_an_unknown_session_not_a_revoke_of_all(string path)
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var other = await _api.LoginAsync(email);
        var current = await _api.LoginAsync(email);

        await ApiClient.AssertProblemAsync(await _api.DeleteAsync(path, Token(current)), HttpStatusCode.NotFound, "session_not_found");

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(other))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(current))).StatusCode);
    }

    [Fact]
    public async Task Delete_all_keeps_the_current_session_unless_told_not_to()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var a = await _api.LoginAsync(email);
        var b = await _api.LoginAsync(email);
        var current = await _api.LoginAsync(email);

        var kept = await _api.DeleteAsync("/auth/sessions?keep_current=true", Token(current));
        Assert.Equal(2, (await ApiClient.JsonAsync(kept))["sessions_revoked"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(current))).StatusCode);
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(a)), HttpStatusCode.Unauthorized, "session_revoked");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(b)), HttpStatusCode.Unauthorized, "session_revoked");

        await ApiClient.AssertProblemAsync(await _api.DeleteAsync("/auth/sessions?keep_current=maybe", Token(current)), HttpStatusCode.BadRequest, "validation_failed");

        var all = await _api.DeleteAsync("/auth/sessions?keep_current=false", Token(current));
        Assert.Equal(1, (await ApiClient.JsonAsync(all))["sessions_revoked"]!.GetValue<int>());
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(current)), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task Logout_all_revokes_every_session_including_the_current_one()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var other = await _api.LoginAsync(email);
        var current = await _api.LoginAsync(email);

        var stats = await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions/stats", Token(current)));
        Assert.Equal(2, stats["active_sessions"]!.GetValue<int>());
        Assert.Equal(5, stats["max_sessions"]!.GetValue<int>());

        var response = await _api.PostAsync("/auth/logout-all", Token(current));

        Assert.Equal(2, (await ApiClient.JsonAsync(response))["sessions_revoked"]!.GetValue<int>());
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(current)), HttpStatusCode.Unauthorized, "session_revoked");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(other)), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task The_limit_evicts_the_oldest_session()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var logins = new List<JsonObject>();
        for (var i = 0; i < 6; i++)
        {
            logins.Add(await _api.LoginAsync(email));
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(logins[0])), HttpStatusCode.Unauthorized, "session_revoked");
        var listed = await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", Token(logins[5])));
        Assert.Equal(5, listed["count"]!.GetValue<int>());
        Assert.DoesNotContain(Sid(logins[0]), listed["sessions"]!.AsArray().Select(s => s!["session_id"]!.GetValue<string>()));
    }
}
