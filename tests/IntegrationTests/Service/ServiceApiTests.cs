using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Service;

/// <summary>The service API: a backend opens and manages sessions for users it authenticated itself.</summary>
public sealed class ServiceApiTests(ServiceApiFactory factory) : IClassFixture<ServiceApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());
    private readonly ServiceClient _service = new(factory.CreateClient());

    private static string Token(JsonObject login) => login["access_token"]!.GetValue<string>();

    private static string Sid(JsonObject login) => login["session_id"]!.GetValue<string>();

    [Fact]
    public async Task A_backend_opens_a_session_for_its_own_user_with_the_login_body_and_claims_in_the_token()
    {
        var userId = ServiceClient.NewUserId();

        var response = await _service.SendAsync(HttpMethod.Post, "/service/sessions", new
        {
            user_id = userId,
            claims = new { tenant = "acme", plan = new { tier = "pro", seats = 5 }, flags = new[] { "beta" } },
            remember_me = true,
            ip_address = "203.0.113.9",
            user_agent = "Backend-Forwarded/1.0",
            device_info = new { device_type = "mobile", os = "iOS" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var body = await ApiClient.JsonAsync(response);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(Sid(body), response.Headers.GetValues("X-Session-ID").Single());
        Assert.Equal(userId, body["user"]!["user_id"]!.GetValue<string>());
        Assert.False(body["user"]!.AsObject().ContainsKey("email"));
        Assert.False(string.IsNullOrEmpty(body["refresh_token"]!.GetValue<string>()));

        var claims = ApiClient.DecodeJwtPart(Token(body), 1);
        Assert.Equal(userId, claims.GetProperty("sub").GetString());
        Assert.Equal("acme", claims.GetProperty("tenant").GetString());
        Assert.Equal(5, claims.GetProperty("plan").GetProperty("seats").GetInt32());
        Assert.Equal("beta", claims.GetProperty("flags")[0].GetString());
        Assert.Equal("default", claims.GetProperty("client").GetString());
        Assert.Equal(claims.GetProperty("iat").GetInt64(), claims.GetProperty("auth_time").GetInt64());

        var me = await ApiClient.JsonAsync(await _api.GetAsync("/auth/me", Token(body)));
        Assert.Equal(userId, me["user_id"]!.GetValue<string>());
        Assert.Equal(Sid(body), me["session_id"]!.GetValue<string>());
        Assert.Equal("acme", me["claims"]!["tenant"]!.GetValue<string>());
        Assert.Equal("beta", me["claims"]!["flags"]![0]!.GetValue<string>());
        Assert.Equal("default", me["client"]!.GetValue<string>());

        var own = await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", Token(body)));
        var session = own["sessions"]![0]!;
        Assert.True(session["is_current"]!.GetValue<bool>());
        Assert.Equal("service", session["sign_in_method"]!.GetValue<string>());
        Assert.Equal("203.0.113.9", session["ip_address"]!.GetValue<string>());
        Assert.Equal("Backend-Forwarded/1.0", session["user_agent"]!.GetValue<string>());
        Assert.True(session["remember_me"]!.GetValue<bool>());

        var listed = await _service.ListAsync(userId);
        Assert.Equal(1, listed["count"]!.GetValue<int>());
        Assert.Equal(Sid(body), listed["sessions"]![0]!["session_id"]!.GetValue<string>());
        Assert.False(listed["sessions"]![0]!["is_current"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Opening_a_service_session_is_one_grain_call_and_a_bad_key_reaches_no_grain()
    {
        factory.Recorder.Start();
        await _service.OpenAsync(ServiceClient.NewUserId());
        factory.Recorder.Stop();
        Assert.Equal(["IUserSessionsGrain.OpenForService"], factory.Recorder.Calls);

        foreach (var client in new[] { new ServiceClient(factory.CreateClient(), key: null), new ServiceClient(factory.CreateClient(), "wrong-key") })
        {
            factory.Recorder.Start();
            var responses = new[]
            {
                await client.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = "ext-1" }),
                await client.PostRawAsync("/service/sessions", "{not json"),
                await client.SendAsync(HttpMethod.Get, ServiceClient.Path("ext-1")),
                await client.SendAsync(HttpMethod.Delete, ServiceClient.Path("ext-1")),
                await client.SendAsync(HttpMethod.Delete, ServiceClient.Path("ext-1", "abc")),
                await client.SendAsync(HttpMethod.Patch, ServiceClient.Path("ext-1", "abc"), new { claims = new { a = 1 } }),
            };
            factory.Recorder.Stop();

            foreach (var response in responses)
            {
                await ApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_api_key");
            }

            Assert.Empty(factory.Recorder.Calls);
        }

        // The second configured key works as well as the first.
        await new ServiceClient(factory.CreateClient(), ServiceApiFactory.OtherKey).OpenAsync(ServiceClient.NewUserId());
    }

    [Fact]
    public async Task An_external_id_equal_to_a_password_users_id_never_reaches_that_users_sessions()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var passwordUserId = login["user"]!["user_id"]!.GetValue<string>();

        var external = await _service.OpenAsync(passwordUserId);

        Assert.Equal(1, (await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", token)))["count"]!.GetValue<int>());
        var listed = await _service.ListAsync(passwordUserId);
        Assert.Equal([Sid(external)], listed["sessions"]!.AsArray().Select(s => s!["session_id"]!.GetValue<string>()));
        Assert.Equal(1, (await ApiClient.JsonAsync(await _service.SendAsync(HttpMethod.Delete, ServiceClient.Path(passwordUserId))))["sessions_revoked"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", token)).StatusCode);
        await ApiClient.AssertProblemAsync(
            await _service.SendAsync(HttpMethod.Delete, ServiceClient.Path(passwordUserId, Sid(login))), HttpStatusCode.NotFound, "session_not_found");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", token)).StatusCode);
    }

    [Fact]
    public async Task Introspection_and_the_gateway_check_say_which_kind_of_user_a_sub_names()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var sameId = login["user"]!["user_id"]!.GetValue<string>();
        var external = Token(await _service.OpenAsync(sameId));

        var (ofPassword, ofExternal) = (await IntrospectAsync(token), await IntrospectAsync(external));
        Assert.Equal(sameId, ofPassword["sub"]!.GetValue<string>());
        Assert.Equal(sameId, ofExternal["sub"]!.GetValue<string>());
        Assert.Equal(["pwd"], ofPassword["amr"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(["ext"], ofExternal["amr"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("pwd", (await _api.GetAsync("/auth/check", token)).Headers.GetValues("X-Auth-Method").Single());
        Assert.Equal("ext", (await _api.GetAsync("/auth/check", external)).Headers.GetValues("X-Auth-Method").Single());
    }

    [Fact]
    public async Task A_service_session_refreshes_with_rotation_and_a_reused_refresh_token_revokes_it()
    {
        var userId = ServiceClient.NewUserId();
        var opened = await _service.OpenAsync(userId, new { tenant = "acme" });

        var refreshed = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = opened["refresh_token"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var pair = await ApiClient.JsonAsync(refreshed);
        Assert.Equal(Sid(opened), Sid(pair));
        Assert.Equal(userId, pair["user"]!["user_id"]!.GetValue<string>());
        var claims = ApiClient.DecodeJwtPart(Token(pair), 1);
        Assert.Equal(userId, claims.GetProperty("sub").GetString());
        Assert.Equal("acme", claims.GetProperty("tenant").GetString());

        var reused = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = opened["refresh_token"]!.GetValue<string>() });

        await ApiClient.AssertProblemAsync(reused, HttpStatusCode.Unauthorized, "refresh_token_reused");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(pair)), HttpStatusCode.Unauthorized, "session_revoked");
        Assert.Equal(0, (await _service.ListAsync(userId))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_claims_change_is_seen_by_introspection_at_once_and_in_tokens_from_the_next_refresh()
    {
        var userId = ServiceClient.NewUserId();
        var opened = await _service.OpenAsync(userId, new { tenant = "acme", plan = "free" });
        var before = await IntrospectAsync(Token(opened));
        Assert.True(before["active"]!.GetValue<bool>());
        Assert.Equal("free", before["claims"]!["plan"]!.GetValue<string>());
        Assert.Equal(userId, before["sub"]!.GetValue<string>());
        Assert.Equal("default", before["client"]!.GetValue<string>());
        Assert.Equal(ApiClient.DecodeJwtPart(Token(opened), 1).GetProperty("auth_time").GetInt64(), before["auth_time"]!.GetValue<long>());

        var patch = await _service.SendAsync(HttpMethod.Patch, ServiceClient.Path(userId, Sid(opened)), new { claims = new { tenant = "acme", plan = "pro" } });

        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        var after = await IntrospectAsync(Token(opened));
        Assert.Equal("pro", after["claims"]!["plan"]!.GetValue<string>());
        Assert.Equal("free", (await ApiClient.JsonAsync(await _api.GetAsync("/auth/me", Token(opened))))["claims"]!["plan"]!.GetValue<string>());
        var refreshed = await ApiClient.JsonAsync(await _api.PostJsonAsync("/auth/refresh", new { refresh_token = opened["refresh_token"]!.GetValue<string>() }));
        Assert.Equal("pro", ApiClient.DecodeJwtPart(Token(refreshed), 1).GetProperty("plan").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _service.SendAsync(HttpMethod.Patch, ServiceClient.Path(userId, Sid(opened)), new { claims = new { } })).StatusCode);
        Assert.Empty((await IntrospectAsync(Token(refreshed)))["claims"]!.AsObject());
        await ApiClient.AssertProblemAsync(
            await _service.SendAsync(HttpMethod.Patch, ServiceClient.Path(userId, "unknownSession0123"), new { claims = new { a = 1 } }),
            HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task Revoking_through_the_service_api_ends_the_session_everywhere()
    {
        var userId = ServiceClient.NewUserId();
        var first = await _service.OpenAsync(userId);
        var second = await _service.OpenAsync(userId);
        var third = await _service.OpenAsync(userId);

        Assert.Equal(HttpStatusCode.NoContent, (await _service.SendAsync(HttpMethod.Delete, ServiceClient.Path(userId, Sid(first)))).StatusCode);
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(first)), HttpStatusCode.Unauthorized, "session_revoked");
        await ApiClient.AssertProblemAsync(
            await _service.SendAsync(HttpMethod.Delete, ServiceClient.Path(userId, Sid(first))), HttpStatusCode.NotFound, "session_not_found");
        Assert.False((await IntrospectAsync(Token(first)))["active"]!.GetValue<bool>());

        var all = await ApiClient.JsonAsync(await _service.SendAsync(HttpMethod.Delete, ServiceClient.Path(userId)));
        Assert.Equal(2, all["sessions_revoked"]!.GetValue<int>());
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(second)), HttpStatusCode.Unauthorized, "session_revoked");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(third)), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task A_service_revoke_with_an_empty_session_id_is_an_unknown_session_not_a_revoke_of_all()
    {
        var userId = ServiceClient.NewUserId();
        var session = await _service.OpenAsync(userId);

        await ApiClient.AssertProblemAsync(
            await _service.SendAsync(HttpMethod.Delete, ServiceClient.Path(userId) + "/"), HttpStatusCode.NotFound, "session_not_found");

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", Token(session))).StatusCode);
    }

    [Fact]
    public async Task The_user_signs_out_of_a_service_session_like_any_other_and_has_no_password_here()
    {
        var opened = await _service.OpenAsync(ServiceClient.NewUserId());

        await ApiClient.AssertProblemAsync(
            await _api.PostJsonAsync("/auth/reauthenticate", new { password = "correct horse battery" }, Token(opened)),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        await ApiClient.AssertProblemAsync(
            await _api.PostJsonAsync("/auth/password", new { current_password = "anything at all", new_password = "a brand new passphrase" }, Token(opened)),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.NoContent, (await _api.PostAsync("/auth/logout", Token(opened))).StatusCode);
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", Token(opened)), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task Introspection_accepts_service_keys_beside_its_own()
    {
        var opened = await _service.OpenAsync(ServiceClient.NewUserId());

        foreach (var key in new[] { ServiceApiFactory.Key, ServiceApiFactory.IntrospectionKey })
        {
            Assert.True((await IntrospectAsync(Token(opened), key))["active"]!.GetValue<bool>());
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = JsonContent.Create(new { token = Token(opened) }) };
        request.Headers.Add("X-Api-Key", "not-a-key");
        await ApiClient.AssertProblemAsync(await _api.Http.SendAsync(request), HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_service_api_with_its_key_and_every_error_code()
    {
        var document = JsonNode.Parse(await _api.Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();

        var expected = new Dictionary<(string Path, string Method), string[]>
        {
            [("/service/sessions", "post")] = ["invalid_api_key", "validation_failed", "payload_too_large", "session_limit_reached", "store_unavailable"],
            [("/service/users/{user_id}/sessions/{session_id}", "patch")] = ["invalid_api_key", "validation_failed", "payload_too_large", "session_not_found", "store_unavailable"],
            [("/service/users/{user_id}/sessions", "get")] = ["invalid_api_key", "validation_failed", "store_unavailable"],
            [("/service/users/{user_id}/sessions", "delete")] = ["invalid_api_key", "validation_failed", "session_not_found", "store_unavailable"], // ".../sessions/"
            [("/service/users/{user_id}/sessions/{session_id}", "delete")] = ["invalid_api_key", "validation_failed", "session_not_found", "store_unavailable"],
        };
        foreach (var ((path, method), codes) in expected)
        {
            var operation = paths[path]![method]!;
            var documented = operation["responses"]!.AsObject()
                .Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5'))
                .SelectMany(r => r.Value!["content"]!["application/problem+json"]!["examples"]!.AsObject().Select(e => e.Key))
                .ToHashSet();
            Assert.True(documented.SetEquals(codes), $"{method} {path}: {string.Join(", ", documented)}");
            Assert.True(operation["security"]![0]!.AsObject().ContainsKey("ServiceKey"), $"{method} {path} names the service key");
        }

        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ServiceKey"]!["name"]!.GetValue<string>());
    }

    private async Task<JsonObject> IntrospectAsync(string token, string key = ServiceApiFactory.Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = JsonContent.Create(new { token }) };
        request.Headers.Add("X-Api-Key", key);
        var response = await _api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiClient.JsonAsync(response);
    }
}
