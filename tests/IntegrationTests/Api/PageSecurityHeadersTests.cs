using System.Net;
using System.Text.RegularExpressions;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// The pages are served with a Content-Security-Policy that runs no inline script, may not be framed and are not
/// sniffed; their HTML has no inline script or handler to need one. The browser tests show the pages work under it.
/// </summary>
public sealed partial class PageSecurityHeadersTests(OperatorApiFactory factory) : IClassFixture<OperatorApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/index.html", HttpStatusCode.OK)]
    [InlineData("/admin.html", HttpStatusCode.OK)]
    [InlineData("/sessions-client.js", HttpStatusCode.OK)]
    [InlineData("/docs/", HttpStatusCode.OK)]
    [InlineData("/dashboard/", HttpStatusCode.Unauthorized)]
    [InlineData("/auth/me", HttpStatusCode.Unauthorized)]
    [InlineData("/nope", HttpStatusCode.NotFound)]
    public async Task Every_answer_forbids_framing_and_sniffing_and_runs_only_this_origins_scripts(string path, HttpStatusCode status)
    {
        var response = await _api.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var policy = Policy(response);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'none'", policy["base-uri"]);
        Assert.StartsWith("'self'", policy["script-src"]);
        Assert.DoesNotContain("unsafe", policy["script-src"]);
        Assert.DoesNotContain("*", policy["default-src"] + policy["script-src"]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/admin.html")]
    public async Task The_web_pages_have_no_inline_script_style_or_handler_and_a_policy_without_any(string path)
    {
        var response = await _api.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("'self'", Policy(response)["script-src"]);
        Assert.Equal("'self'", Policy(response)["style-src"]);
        var scripts = ScriptTag().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains(" src=", s.Value));
        Assert.Empty(InlineScriptBody().Matches(html));
        Assert.Empty(HandlerOrStyleAttribute().Matches(html));
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_api_reference_allows_its_one_inline_script_by_a_fresh_nonce()
    {
        var first = await _api.GetAsync("/docs/");
        var second = await _api.GetAsync("/docs/");

        var nonces = new List<string>();
        foreach (var response in new[] { first, second })
        {
            var html = await response.Content.ReadAsStringAsync();
            var scriptSrc = Policy(response)["script-src"];
            var nonce = Assert.Single(NonceSource().Matches(scriptSrc)).Groups[1].Value;
            Assert.Equal($"'self' 'nonce-{nonce}'", scriptSrc);
            var inline = ScriptTag().Matches(html).Where(s => !s.Value.Contains(" src=", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(inline);
            Assert.All(inline, s => Assert.Contains($"nonce=\"{nonce}\"", s.Value));
            Assert.True(nonce.Length >= 22, nonce); // 128 bits or more
            nonces.Add(nonce);
        }

        Assert.NotEqual(nonces[0], nonces[1]);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : response.Content.Headers.GetValues(name));

    /// <summary>The Content-Security-Policy header as directive → its sources.</summary>
    private static Dictionary<string, string> Policy(HttpResponseMessage response) =>
        Header(response, "Content-Security-Policy")
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<script\\b[^>]*>\\s*[^<\\s][^<]*</script>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScriptBody();

    [GeneratedRegex("\\s(on[a-z]+|style)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerOrStyleAttribute();

    [GeneratedRegex("'nonce-([A-Za-z0-9+/_=-]+)'")]
    private static partial Regex NonceSource();
}
