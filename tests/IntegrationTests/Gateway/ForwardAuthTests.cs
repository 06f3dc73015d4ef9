using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary><c>GET /auth/check</c>, the forward-auth endpoint for gateways, against the real Api.</summary>
public sealed class ForwardAuthTests(GatewayApiFactory factory) : IClassFixture<GatewayApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {name} header");

    [Fact]
    public async Task A_valid_session_passes_with_the_identity_headers_and_no_body()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();

        var check = await _api.GetAsync("/auth/check", token);

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal(login["user"]!["user_id"]!.GetValue<string>(), Header(check, "X-User-Id"));
        Assert.Equal(login["session_id"]!.GetValue<string>(), Header(check, "X-Session-Id"));
        Assert.Equal("default", Header(check, "X-Client"));
        var authTime = ApiClient.DecodeJwtPart(token, 1).GetProperty("auth_time").GetInt64();
        Assert.Equal(authTime.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(check, "X-Auth-Time"));
        Assert.Equal("pwd", Header(check, "X-Auth-Method"));
        Assert.Empty(await check.Content.ReadAsByteArrayAsync());
        Assert.Equal("no-store", check.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Head_answers_like_get()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        var ok = await _api.SendAsync(HttpMethod.Head, "/auth/check", null, token);
        var refused = await _api.SendAsync(HttpMethod.Head, "/auth/check", null, null);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(string.IsNullOrEmpty(Header(ok, "X-User-Id")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_revoked_session_is_refused_as_soon_as_the_revoke_returns()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var other = (await _api.LoginAsync(login["user"]!["email"]!.GetValue<string>()))["access_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/check", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/check", other)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/auth/sessions/{login["session_id"]!.GetValue<string>()}", other)).StatusCode);
        var revoked = await _api.GetAsync("/auth/check", token);

        await ApiClient.AssertProblemAsync(revoked, HttpStatusCode.Unauthorized, "session_revoked");
        Assert.False(revoked.Headers.Contains("X-User-Id"));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/check", other)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.PostAsync("/auth/logout", other)).StatusCode);
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/check", other), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        factory.Clock.Advance(TimeSpan.FromMinutes(16)); // past the 15-minute access token, well inside the session

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/check", token), HttpStatusCode.Unauthorized, "token_expired");
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("payload")]
    [InlineData("garbage")]
    public async Task A_forged_token_is_refused_and_reaches_no_grain(string forgery)
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        var parts = token.Split('.');
        var forged = forgery switch
        {
            "signature" => token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"),
            "payload" => $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
                ApiClient.DecodeJwtPart(token, 1).GetRawText().Replace("\"sub\":\"", "\"sub\":\"x", StringComparison.Ordinal)))}.{parts[2]}",
            _ => "not.a.token",
        };

        factory.Recorder.Start();
        var refused = await _api.GetAsync("/auth/check", forged);
        factory.Recorder.Stop();

        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Empty(factory.Recorder.Calls);
    }

    [Fact]
    public async Task No_token_is_401()
    {
        var refused = await _api.GetAsync("/auth/check");

        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.False(refused.Headers.Contains("X-User-Id"));
    }

    [Fact]
    public async Task A_cookie_mode_session_passes_without_the_anti_csrf_header()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true });
        var login = await browser.PostAsJsonAsync("/auth/login?mode=cookie", new { email, password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        var check = await browser.GetAsync("/auth/check");

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal((await ApiClient.JsonAsync(login))["session_id"]!.GetValue<string>(), Header(check, "X-Session-Id"));
    }

    [Theory]
    [InlineData("POST", "/auth/check/orders/42")]
    [InlineData("DELETE", "/auth/check/orders/42")]
    [InlineData("GET", "/auth/check/orders/42?page=2")]
    [InlineData("PATCH", "/auth/check")]
    public async Task Envoy_style_checks_with_the_original_method_and_path_answer_the_same(string method, string path)
    {
        var (login, token) = await _api.SignUpAndLoginAsync();

        var check = await _api.SendAsync(new HttpMethod(method), path, null, token);
        await _api.PostAsync("/auth/logout", token);
        var revoked = await _api.SendAsync(new HttpMethod(method), path, null, token);

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal(login["session_id"]!.GetValue<string>(), Header(check, "X-Session-Id"));
        await ApiClient.AssertProblemAsync(revoked, HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task A_state_change_by_cookie_needs_the_anti_csrf_header_as_at_the_app()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true });
        var login = await browser.PostAsJsonAsync("/auth/login?mode=cookie", new { email, password = "correct horse battery" });
        var csrf = (await ApiClient.JsonAsync(login))["csrf_token"]!.GetValue<string>();

        var without = await browser.PostAsync("/auth/check/orders", null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/check/orders") { Headers = { { "X-CSRF-Token", csrf } } };
        var with = await browser.SendAsync(request);

        await ApiClient.AssertProblemAsync(without, HttpStatusCode.Forbidden, "csrf_failed");
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("delete")]
    public async Task A_gateway_naming_a_state_changing_original_method_gets_the_anti_csrf_check_for_a_cookie(string originalMethod)
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true });
        var login = await browser.PostAsJsonAsync("/auth/login?mode=cookie", new { email, password = "correct horse battery" });
        var csrf = (await ApiClient.JsonAsync(login))["csrf_token"]!.GetValue<string>();

        HttpRequestMessage Check(HttpMethod method, string path, string forwardedMethod, string? csrfToken = null)
        {
            var request = new HttpRequestMessage(method, path) { Headers = { { "X-Forwarded-Method", forwardedMethod } } };
            if (csrfToken is not null)
            {
                request.Headers.Add("X-CSRF-Token", csrfToken);
            }

            return request;
        }

        var without = await browser.SendAsync(Check(HttpMethod.Get, "/auth/check", originalMethod));
        var with = await browser.SendAsync(Check(HttpMethod.Get, "/auth/check", originalMethod, csrf));
        var read = await browser.SendAsync(Check(HttpMethod.Get, "/auth/check", "GET"));
        var notLifted = await browser.SendAsync(Check(HttpMethod.Post, "/auth/check/orders", "GET")); // Envoy keeps the method
        var elsewhere = await browser.SendAsync(Check(HttpMethod.Get, "/auth/me", originalMethod)); // only the check reads it
        var repeated = Check(HttpMethod.Get, "/auth/check", "GET");
        repeated.Headers.Add("X-Forwarded-Method", originalMethod); // a second value cannot hide behind the first
        var hidden = await browser.SendAsync(repeated);

        await ApiClient.AssertProblemAsync(without, HttpStatusCode.Forbidden, "csrf_failed");
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await ApiClient.AssertProblemAsync(notLifted, HttpStatusCode.Forbidden, "csrf_failed");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        await ApiClient.AssertProblemAsync(hidden, HttpStatusCode.Forbidden, "csrf_failed");
    }

    [Fact]
    public async Task It_costs_what_auth_me_costs_one_session_check_at_most()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        factory.Recorder.Start();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/check", token)).StatusCode);
        factory.Recorder.Stop();

        Assert.All(factory.Recorder.Calls, call => Assert.Equal("IUserSessionsGrain.Validate", call));
        Assert.True(factory.Recorder.Calls.Count <= 1, string.Join(", ", factory.Recorder.Calls));
    }
}
