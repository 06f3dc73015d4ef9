using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Cookie mode: tokens in <c>__Host-</c> HttpOnly Secure SameSite=Strict cookies, and the anti-CSRF header on state changes.</summary>
public sealed class CookieModeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Password = "correct horse battery";

    private HttpClient Browser() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true });

    private async Task<(HttpClient Browser, string Csrf, HttpResponseMessage Login)> SignInAsync(bool rememberMe = false)
    {
        var email = ApiClient.NewEmail();
        await new ApiClient(factory.CreateClient()).RegisterAsync(email, Password);
        var browser = Browser();
        var login = await browser.PostAsJsonAsync("/auth/login?mode=cookie", new { email, password = Password, remember_me = rememberMe });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var csrf = (await ApiClient.JsonAsync(login))["csrf_token"]!.GetValue<string>();
        return (browser, csrf, login);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient browser, HttpMethod method, string path, string? csrf)
    {
        using var request = new HttpRequestMessage(method, path);
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        return await browser.SendAsync(request);
    }

    /// <summary>The value a login's <c>Set-Cookie</c> gave the cookie <paramref name="name"/>.</summary>
    private static string CookieValue(HttpResponseMessage login, string name) =>
        login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal)).Split(';')[0][(name.Length + 1)..];

    [Fact]
    public async Task Only_a_cookie_named_exactly_counts_and_a_repeated_or_case_changed_name_is_no_cookie()
    {
        var victim = CookieValue((await SignInAsync()).Login, "__Host-os_access");
        var planted = CookieValue((await SignInAsync()).Login, "__Host-os_access");
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        async Task<HttpStatusCode> MeWithAsync(string cookies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
            request.Headers.Add("Cookie", cookies);
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await MeWithAsync($"__Host-os_access={victim}"));
        Assert.Equal(HttpStatusCode.OK, await MeWithAsync($"theme=dark; __Host-os_access={victim}; lang=en"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithAsync($"__host-os_access={victim}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithAsync($"__Host-os_access={victim}; __HOST-os_access={planted}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithAsync($"__Host-os_access={victim}; __Host-os_access={planted}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithAsync($"theme=a,__Host-os_access={victim}")); // hidden in another cookie's value
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithAsync($"theme=a __Host-os_access={victim}"));
    }

    private static string Hmac(byte[] key, string sessionId) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(sessionId)));

    [Fact]
    public async Task Login_puts_the_tokens_in_secure_http_only_strict_cookies_and_not_in_the_body()
    {
        var (_, csrf, login) = await SignInAsync();

        var body = await ApiClient.JsonAsync(login);
        Assert.False(body.ContainsKey("access_token"));
        Assert.False(body.ContainsKey("refresh_token"));
        Assert.False(string.IsNullOrEmpty(csrf));
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(3, cookies.Count);
        foreach (var name in new[] { "__Host-os_access", "__Host-os_refresh" })
        {
            var cookie = Attributes(cookies.Single(c => c.StartsWith($"{name}=", StringComparison.Ordinal)));
            Assert.Contains("httponly", cookie);
            Assert.Contains("samesite=strict", cookie);
            Assert.DoesNotContain(cookie, a => a.StartsWith("max-age", StringComparison.Ordinal)); // not remember-me: ends with the browser session
        }

        var csrfCookie = Attributes(cookies.Single(c => c.StartsWith("__Host-os_csrf=", StringComparison.Ordinal)));
        Assert.DoesNotContain("httponly", csrfCookie);
    }

    [Fact]
    public async Task Every_cookie_meets_the_host_prefix_rules_when_set_and_when_cleared()
    {
        var (browser, csrf, login) = await SignInAsync(rememberMe: true);
        var logout = await SendAsync(browser, HttpMethod.Post, "/auth/logout", csrf);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        var setCookies = login.Headers.GetValues("Set-Cookie").Concat(logout.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Equal(6, setCookies.Count);
        foreach (var setCookie in setCookies)
        {
            // RFC 6265bis 4.1.3.2: "__Host-" cookies must be Secure, have Path=/ and no Domain, or browsers drop them.
            Assert.StartsWith("__Host-", setCookie);
            var attributes = Attributes(setCookie);
            Assert.Contains("secure", attributes);
            Assert.Contains("path=/", attributes);
            Assert.DoesNotContain(attributes, a => a.StartsWith("domain", StringComparison.Ordinal));
            Assert.Contains("samesite=strict", attributes);
        }
    }

    /// <summary>A Set-Cookie header's attributes (after the name=value pair), lower-cased.</summary>
    private static List<string> Attributes(string setCookie) =>
        setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();

    [Fact]
    public async Task Remember_me_cookies_persist_until_the_session_expires()
    {
        var (_, _, login) = await SignInAsync(rememberMe: true);

        // 30 days, less the fraction of a second between the session's creation (stored to the millisecond) and the answer.
        Assert.All(login.Headers.GetValues("Set-Cookie"), c =>
            Assert.InRange(int.Parse(System.Text.RegularExpressions.Regex.Match(c.ToLowerInvariant(), "max-age=([0-9]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 2_591_998, 2_592_000));
    }

    [Fact]
    public async Task A_browser_still_holding_a_session_cookie_can_sign_in_and_register_without_the_header()
    {
        var (browser, csrf, _) = await SignInAsync();
        var email = ApiClient.NewEmail();

        Assert.Equal(HttpStatusCode.Created, (await browser.PostAsJsonAsync("/auth/register", new { email, password = Password })).StatusCode);
        var again = await browser.PostAsJsonAsync("/auth/login?mode=cookie", new { email, password = Password });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(email, (await ApiClient.JsonAsync(await browser.GetAsync("/auth/me")))["email"]!.GetValue<string>());
        await ApiClient.AssertProblemAsync(await SendAsync(browser, HttpMethod.Post, "/auth/logout", csrf), HttpStatusCode.Forbidden, "csrf_failed"); // the old session's header
    }

    [Fact]
    public async Task Reads_work_by_cookie_and_state_changes_need_the_csrf_header()
    {
        var (browser, csrf, _) = await SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/sessions")).StatusCode);

        await ApiClient.AssertProblemAsync(await SendAsync(browser, HttpMethod.Post, "/auth/logout", null), HttpStatusCode.Forbidden, "csrf_failed");
        await ApiClient.AssertProblemAsync(await SendAsync(browser, HttpMethod.Post, "/auth/logout", "forged"), HttpStatusCode.Forbidden, "csrf_failed");
        await ApiClient.AssertProblemAsync(await SendAsync(browser, HttpMethod.Delete, "/auth/sessions?keep_current=false", null), HttpStatusCode.Forbidden, "csrf_failed");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/me")).StatusCode); // nothing was done

        var logout = await SendAsync(browser, HttpMethod.Post, "/auth/logout", csrf);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Contains(logout.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-os_access=;", StringComparison.Ordinal));
        await ApiClient.AssertProblemAsync(await browser.GetAsync("/auth/me"), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task The_csrf_token_of_one_session_does_not_work_for_another()
    {
        var (browser, _, _) = await SignInAsync();
        var (_, otherCsrf, _) = await SignInAsync();

        await ApiClient.AssertProblemAsync(await SendAsync(browser, HttpMethod.Post, "/auth/logout-all", otherCsrf), HttpStatusCode.Forbidden, "csrf_failed");
    }

    [Fact]
    public async Task Whoever_holds_the_signing_key_still_cannot_forge_a_csrf_token()
    {
        var (browser, csrf, login) = await SignInAsync();
        var sessionId = (await ApiClient.JsonAsync(login))["session_id"]!.GetValue<string>();
        var signingKey = ((RsaSecurityKey)factory.Services.GetRequiredService<SigningKeys>().Current.PrivateKey).Rsa.ExportPkcs8PrivateKey();

        // HMACs of the session id under keys derived from the signing key, as the CSRF key once was and under today's label.
        foreach (var label in new[] { "orleans-sessions/csrf/v1", ServerSecret.CsrfPurpose })
        {
            var forged = Hmac(HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: Encoding.UTF8.GetBytes(label)), sessionId);
            await ApiClient.AssertProblemAsync(await SendAsync(browser, HttpMethod.Post, "/auth/logout", forged), HttpStatusCode.Forbidden, "csrf_failed");
        }

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/me")).StatusCode); // nothing was done
        var serverSecret = factory.Services.GetRequiredService<ServerSecret>();
        Assert.Equal(Hmac(serverSecret.DeriveKey(ServerSecret.CsrfPurpose), sessionId), csrf); // the server secret keys it
    }

    [Fact]
    public async Task Refresh_by_cookie_needs_the_csrf_header_and_rotates_the_cookies()
    {
        var (browser, csrf, login) = await SignInAsync();
        var oldAccess = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-os_access=", StringComparison.Ordinal));

        await ApiClient.AssertProblemAsync(await SendAsync(browser, HttpMethod.Post, "/auth/refresh?mode=cookie", null), HttpStatusCode.Forbidden, "csrf_failed");

        var refreshed = await SendAsync(browser, HttpMethod.Post, "/auth/refresh?mode=cookie", csrf);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var body = await ApiClient.JsonAsync(refreshed);
        Assert.Equal(csrf, body["csrf_token"]!.GetValue<string>());
        Assert.NotEqual(oldAccess, refreshed.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-os_access=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Bearer_callers_are_not_asked_for_csrf()
    {
        var api = new ApiClient(factory.CreateClient());
        var (_, token) = await api.SignUpAndLoginAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/auth/logout", token)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_mode_is_validation_failed()
    {
        var response = await Browser().PostAsJsonAsync("/auth/login?mode=session", new { email = "a@example.com", password = Password });
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }
}
