using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary>
/// End to end behind a real NGINX (<c>auth_request</c> to <c>GET /auth/check</c>): a valid session reaches the app
/// with its identity headers, a revoked one is stopped as soon as the revoke returns, no token is stopped.
/// </summary>
public sealed class NginxForwardAuthTests(NginxGatewayFixture gateway) : IClassFixture<NginxGatewayFixture>
{
    private readonly ApiClient _api = new(gateway.Api.CreateClient());
    private readonly HttpClient _nginx = new() { BaseAddress = gateway.Nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private async Task<HttpResponseMessage> ThroughGatewayAsync(HttpMethod method, string path, string? token, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{\"order\": 42}", System.Text.Encoding.UTF8, "application/json");
        }

        return await _nginx.SendAsync(request);
    }

    /// <summary>The token with its signature's last characters changed.</summary>
    private static string Forged(string token) => token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

    private async Task<JsonObject> EchoAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200 from the app, got {(int)response.StatusCode}: {text}\n{gateway.Nginx.Output}");
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task A_valid_session_reaches_the_app_with_its_identity_headers_which_a_client_cannot_forge()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();

        var echo = await EchoAsync(await ThroughGatewayAsync(HttpMethod.Get, "/orders/42", token, ("X-User-Id", "someone-else"), ("X-Client", "admin")));

        Assert.Equal(login["user"]!["user_id"]!.GetValue<string>(), echo["X-User-Id"]!.GetValue<string>());
        Assert.Equal(login["session_id"]!.GetValue<string>(), echo["X-Session-Id"]!.GetValue<string>());
        Assert.Equal("default", echo["X-Client"]!.GetValue<string>());
        Assert.Equal(ApiClient.DecodeJwtPart(token, 1).GetProperty("auth_time").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            echo["X-Auth-Time"]!.GetValue<string>());
        Assert.Equal("pwd", echo["X-Auth-Method"]!.GetValue<string>());
        Assert.Equal("/orders/42", echo["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_state_changing_request_is_checked_too_and_keeps_its_method()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        var echo = await EchoAsync(await ThroughGatewayAsync(HttpMethod.Post, "/orders", token));
        var refused = await ThroughGatewayAsync(HttpMethod.Post, "/orders", null);

        Assert.Equal("POST", echo["method"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_cookie_state_change_needs_the_anti_csrf_header_behind_the_gateway_too()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var login = await _api.PostJsonAsync("/auth/login?mode=cookie", new { email, password = "correct horse battery" });
        var body = await ApiClient.JsonAsync(login);
        var csrf = body["csrf_token"]!.GetValue<string>();
        var cookies = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var refused = await ThroughGatewayAsync(HttpMethod.Post, "/orders", null, ("Cookie", cookies));
        var read = await EchoAsync(await ThroughGatewayAsync(HttpMethod.Get, "/orders", null, ("Cookie", cookies)));
        var changed = await EchoAsync(await ThroughGatewayAsync(HttpMethod.Post, "/orders", null, ("Cookie", cookies), ("X-CSRF-Token", csrf)));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("GET", read["method"]!.GetValue<string>());
        Assert.Equal("POST", changed["method"]!.GetValue<string>());
        Assert.Equal(body["session_id"]!.GetValue<string>(), changed["X-Session-Id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("refresh; access; theme", "access; theme")]
    [InlineData("access; refresh; theme", "access; theme")]
    [InlineData("theme; access; refresh", "theme; access")]
    [InlineData("access;refresh;theme", "access;theme")]
    [InlineData("access; refresh", "access")]
    [InlineData("access; refresh; theme; refresh", "")] // a second copy: no cookie at all rather than one of them
    public async Task The_refresh_cookie_never_reaches_the_app_and_the_other_cookies_do(string sent, string atApp)
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var login = await _api.PostJsonAsync("/auth/login?mode=cookie", new { email, password = "correct horse battery" });
        var issued = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToDictionary(c => c.Split('=')[0]);
        string Cookies(string order) => order
            .Replace("refresh", issued["__Host-os_refresh"], StringComparison.Ordinal)
            .Replace("access", issued["__Host-os_access"], StringComparison.Ordinal)
            .Replace("theme", "theme=dark", StringComparison.Ordinal);

        var echo = await EchoAsync(await ThroughGatewayAsync(HttpMethod.Get, "/orders", null, ("Cookie", Cookies(sent))));

        Assert.Equal(Cookies(atApp), echo["Cookie"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_lone_refresh_cookie_reaches_the_app_as_no_cookie_at_all()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        var echo = await EchoAsync(await ThroughGatewayAsync(HttpMethod.Get, "/orders", token, ("Cookie", "__Host-os_refresh=any-value")));

        Assert.Equal("", echo["Cookie"]!.GetValue<string>());
    }

    [Fact]
    public async Task Right_after_logout_returns_the_same_token_is_stopped_at_once()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        await EchoAsync(await ThroughGatewayAsync(HttpMethod.Get, "/profile", token));
        var reached = gateway.Upstream.Requests;

        Assert.Equal(HttpStatusCode.NoContent, (await _api.PostAsync("/auth/logout", token)).StatusCode);
        var stopped = await ThroughGatewayAsync(HttpMethod.Get, "/profile", token);

        Assert.Equal(HttpStatusCode.Unauthorized, stopped.StatusCode);
        Assert.Equal(reached, gateway.Upstream.Requests);
    }

    [Fact]
    public async Task A_session_revoked_from_another_device_is_stopped_at_once()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var other = (await _api.LoginAsync(login["user"]!["email"]!.GetValue<string>()))["access_token"]!.GetValue<string>();
        await EchoAsync(await ThroughGatewayAsync(HttpMethod.Get, "/profile", token));

        var revoke = await _api.DeleteAsync($"/auth/sessions/{login["session_id"]!.GetValue<string>()}", other);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ThroughGatewayAsync(HttpMethod.Get, "/profile", token)).StatusCode);
        await EchoAsync(await ThroughGatewayAsync(HttpMethod.Get, "/profile", other));
    }

    [Fact]
    public async Task No_token_or_a_forged_one_is_stopped()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        var reached = gateway.Upstream.Requests;

        Assert.Equal(HttpStatusCode.Unauthorized, (await ThroughGatewayAsync(HttpMethod.Get, "/profile", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ThroughGatewayAsync(HttpMethod.Get, "/profile", Forged(token))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ThroughGatewayAsync(HttpMethod.Get, "/profile", null, ("X-User-Id", "admin"))).StatusCode);
        Assert.Equal(reached, gateway.Upstream.Requests);
    }
}
