using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The non-default settings of <see cref="AlternativeSettingsApiFactory"/>.</summary>
public sealed class AlternativeSettingsTests(AlternativeSettingsApiFactory factory) : IClassFixture<AlternativeSettingsApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task Reject_new_refuses_a_login_past_the_limit()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var first = await _api.LoginAsync(email);
        await _api.LoginAsync(email);
        await _api.LoginAsync(email);

        var fourth = await _api.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" });

        await ApiClient.AssertProblemAsync(fourth, HttpStatusCode.Conflict, "session_limit_reached");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", first["access_token"]!.GetValue<string>())).StatusCode);
        Assert.Equal(3, (await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions/stats", first["access_token"]!.GetValue<string>())))["max_sessions"]!.GetValue<int>());
    }

    [Fact]
    public async Task Idle_sessions_expire_and_activity_slides_the_expiry()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var idle = await _api.LoginAsync(email);
        var busy = await _api.LoginAsync(email);
        var remembered = await _api.LoginAsync(email, rememberMe: true);
        string Token(System.Text.Json.Nodes.JsonObject login) => login["access_token"]!.GetValue<string>();

        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(busy))).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(3));

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(idle)), HttpStatusCode.Unauthorized, "session_expired");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(busy))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(remembered))).StatusCode);
        var listed = await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", Token(busy)));
        Assert.Equal(2, listed["count"]!.GetValue<int>());
        var refresh = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = idle["refresh_token"]!.GetValue<string>() });
        await ApiClient.AssertProblemAsync(refresh, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Within_the_grace_window_a_duplicate_refresh_gets_the_same_pair()
    {
        var (login, _) = await _api.SignUpAndLoginAsync();
        var refreshToken = login["refresh_token"]!.GetValue<string>();

        var first = await ApiClient.JsonAsync(await _api.PostJsonAsync("/auth/refresh", new { refresh_token = refreshToken }));
        var duplicate = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = refreshToken });

        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        var second = await ApiClient.JsonAsync(duplicate);
        Assert.Equal(first["refresh_token"]!.GetValue<string>(), second["refresh_token"]!.GetValue<string>());
        Assert.Equal(first["access_token"]!.GetValue<string>(), second["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", second["access_token"]!.GetValue<string>())).StatusCode);

        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        var late = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = refreshToken });
        await ApiClient.AssertProblemAsync(late, HttpStatusCode.Unauthorized, "refresh_token_reused");
    }

    [Fact]
    public async Task Within_the_grace_window_only_the_token_just_rotated_away_is_a_duplicate()
    {
        var (login, _) = await _api.SignUpAndLoginAsync();
        var first = login["refresh_token"]!.GetValue<string>();
        var second = await ApiClient.JsonAsync(await _api.PostJsonAsync("/auth/refresh", new { refresh_token = first }));
        var third = await ApiClient.JsonAsync(await _api.PostJsonAsync("/auth/refresh", new { refresh_token = second["refresh_token"]!.GetValue<string>() }));

        var theft = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = first }); // two rotations back, well within 30 s

        await ApiClient.AssertProblemAsync(theft, HttpStatusCode.Unauthorized, "refresh_token_reused");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", third["access_token"]!.GetValue<string>()), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task Role_changes_follow_the_configured_fresh_authentication_window()
    {
        var api = new ApiClient(factory.CreateClient());
        var admin = (await api.LoginAsync(AlternativeSettingsApiFactory.AdminEmail, AlternativeSettingsApiFactory.AdminPassword))["access_token"]!.GetValue<string>();
        var (user, _) = await api.SignUpAndLoginAsync();
        var path = $"/admin/users/{user["user"]!["user_id"]!.GetValue<string>()}/roles/admin";

        factory.Clock.Advance(TimeSpan.FromSeconds(110)); // inside 2 minutes
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Put, path, null, admin)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromSeconds(20)); // past them, well inside the default 10
        await ApiClient.AssertProblemAsync(await api.DeleteAsync(path, admin), HttpStatusCode.Forbidden, "reauthentication_required");
    }
}
