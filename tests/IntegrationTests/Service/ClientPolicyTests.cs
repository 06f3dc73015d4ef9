using System.Net;
using System.Text.Json.Nodes;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Service;

/// <summary>
/// Client policies (<see cref="ServiceApiFactory"/>: <c>mobile</c> holds 2 sessions per user with a 5-minute idle
/// timeout, <c>kiosk</c> 1 and refuses more, the default 5): limits count per client, and tokens, listings and
/// introspection say which client a session belongs to.
/// </summary>
public sealed class ClientPolicyTests(ServiceApiFactory factory) : IClassFixture<ServiceApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());
    private readonly ServiceClient _service = new(factory.CreateClient());

    private static string Token(JsonObject login) => login["access_token"]!.GetValue<string>();

    private static string Sid(JsonObject login) => login["session_id"]!.GetValue<string>();

    [Fact]
    public async Task The_limit_counts_one_clients_sessions_and_evicts_that_clients_oldest()
    {
        var userId = ServiceClient.NewUserId();
        var web = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            web.Add(await _service.OpenAsync(userId));
        }

        var mobile1 = await _service.OpenAsync(userId, client: "mobile");
        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // "oldest" is by creation time
        var mobile2 = await _service.OpenAsync(userId, client: "mobile");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var mobile3 = await _service.OpenAsync(userId, client: "MOBILE"); // client names compare as configuration keys do

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(mobile1)), HttpStatusCode.Unauthorized, "session_revoked");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(mobile2))).StatusCode);
        foreach (var session in web)
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(session))).StatusCode);
        }

        var listing = await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", Token(mobile3)));
        Assert.Equal(5, listing["count"]!.GetValue<int>());
        Assert.Equal(2, listing["max_sessions"]!.GetValue<int>());
        Assert.Equal(3, listing["sessions"]!.AsArray().Count(s => s!["client"]!.GetValue<string>() == "default"));
        Assert.Equal(2, listing["sessions"]!.AsArray().Count(s => s!["client"]!.GetValue<string>() == "mobile"));
        Assert.Equal(5, (await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", Token(web[0]))))["max_sessions"]!.GetValue<int>());
        Assert.Equal(2, (await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions/stats", Token(mobile2))))["max_sessions"]!.GetValue<int>());
        Assert.Equal("mobile", ApiClient.DecodeJwtPart(Token(mobile3), 1).GetProperty("client").GetString());
        Assert.Equal("mobile", (await ApiClient.JsonAsync(await _api.GetAsync("/auth/me", Token(mobile3))))["client"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_listing_gives_the_limit_of_the_admins_own_client_and_the_service_listing_the_default()
    {
        var userId = ServiceClient.NewUserId();
        await _service.OpenAsync(userId, client: "kiosk");
        var path = $"/admin/users/{ExternalUsers.GrainKey(userId)}/sessions";
        var viaMobile = await ApiClient.JsonAsync(await _api.PostJsonAsync(
            "/auth/login", new { email = ServiceApiFactory.AdminEmail, password = "correct horse battery", client = "mobile" }));
        var viaDefault = await _api.LoginAsync(ServiceApiFactory.AdminEmail);

        var listedViaMobile = await ApiClient.JsonAsync(await _api.GetAsync(path, Token(viaMobile)));
        var listedViaDefault = await ApiClient.JsonAsync(await _api.GetAsync(path, Token(viaDefault)));
        var listedByService = await ApiClient.JsonAsync(await _service.SendAsync(HttpMethod.Get, $"/service/users/{userId}/sessions"));

        Assert.Equal("kiosk", listedViaMobile["sessions"]!.AsArray().Single()!["client"]!.GetValue<string>());
        Assert.Equal(2, listedViaMobile["max_sessions"]!.GetValue<int>());
        Assert.Equal(5, listedViaDefault["max_sessions"]!.GetValue<int>());
        Assert.Equal(5, listedByService["max_sessions"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_client_with_reject_new_refuses_the_session_past_its_limit()
    {
        var userId = ServiceClient.NewUserId();
        var kiosk = await _service.OpenAsync(userId, client: "kiosk");

        var refused = await _service.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = userId, client = "kiosk" });

        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Conflict, "session_limit_reached");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(kiosk))).StatusCode);
        await _service.OpenAsync(userId); // the default client has room
    }

    [Fact]
    public async Task A_clients_idle_timeout_ends_its_sessions_and_leaves_the_others()
    {
        var userId = ServiceClient.NewUserId();
        var mobile = await _service.OpenAsync(userId, client: "mobile");
        var web = await _service.OpenAsync(userId);

        factory.Clock.Advance(TimeSpan.FromMinutes(6));

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(mobile)), HttpStatusCode.Unauthorized, "session_expired");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(web))).StatusCode);
    }

    [Fact]
    public async Task A_password_login_names_its_client_and_tokens_listings_and_introspection_carry_it()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);

        var login = await ApiClient.JsonAsync(await _api.PostJsonAsync("/auth/login", new { email, password = "correct horse battery", client = "mobile" }));
        var plain = await _api.LoginAsync(email);

        Assert.Equal("mobile", ApiClient.DecodeJwtPart(Token(login), 1).GetProperty("client").GetString());
        Assert.Equal("default", ApiClient.DecodeJwtPart(Token(plain), 1).GetProperty("client").GetString());
        var listing = await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", Token(login)));
        var mine = listing["sessions"]!.AsArray().Single(s => s!["session_id"]!.GetValue<string>() == Sid(login))!;
        Assert.Equal("mobile", mine["client"]!.GetValue<string>());
        Assert.Equal("password", mine["sign_in_method"]!.GetValue<string>());
        Assert.Equal(2, listing["max_sessions"]!.GetValue<int>());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { token = Token(login) }),
        };
        request.Headers.Add("X-Api-Key", ServiceApiFactory.IntrospectionKey);
        var introspection = await ApiClient.JsonAsync(await _api.Http.SendAsync(request));
        Assert.Equal("mobile", introspection["client"]!.GetValue<string>());
        Assert.Empty(introspection["claims"]!.AsObject());
    }
}
