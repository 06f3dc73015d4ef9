using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Duende.IdentityModel.Client;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary>
/// <c>/auth/introspect</c> spoken as RFC 7662 by a standard OAuth client library (IdentityModel's
/// <c>IntrospectTokenAsync</c>: form body, HTTP Basic client authentication) against the real Api.
/// </summary>
public sealed class StandardIntrospectionTests(GatewayApiFactory factory) : IClassFixture<GatewayApiFactory>
{
    private const string Address = "http://localhost/auth/introspect";

    private readonly ApiClient _api = new(factory.CreateClient());

    private static TokenIntrospectionRequest Request(string token, string secret, BasicAuthenticationHeaderStyle style = BasicAuthenticationHeaderStyle.Rfc6749) =>
        new()
        {
            Address = Address,
            ClientId = "edge-gateway",
            ClientSecret = secret,
            AuthorizationHeaderStyle = style,
            ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
            Token = token,
            TokenTypeHint = "access_token",
        };

    private static HttpRequestMessage Form(string body, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task IdentityModel_sees_an_active_token_and_its_revocation_at_once()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var http = factory.CreateClient();

        var active = await http.IntrospectTokenAsync(Request(token, GatewayApiFactory.Key));

        Assert.False(active.IsError, active.Error);
        Assert.True(active.IsActive);
        Assert.Equal(login["user"]!["user_id"]!.GetValue<string>(), active.Subject);
        Assert.Equal(login["session_id"]!.GetValue<string>(), active.Claims.Single(c => c.Type == "sid").Value);
        Assert.Equal("Bearer", active.Claims.Single(c => c.Type == "token_type").Value); // RFC 7662 2.2: RFC 6749's type
        Assert.True(active.Expiration > DateTimeOffset.UtcNow);
        Assert.Equal("no-store", active.HttpResponse!.Headers.CacheControl?.ToString());

        Assert.Equal(HttpStatusCode.NoContent, (await _api.PostAsync("/auth/logout", token)).StatusCode);
        var revoked = await http.IntrospectTokenAsync(Request(token, GatewayApiFactory.Key));

        Assert.False(revoked.IsError, revoked.Error);
        Assert.False(revoked.IsActive);
        Assert.Equal("{\"active\":false}", revoked.Raw);
    }

    [Theory]
    [InlineData(BasicAuthenticationHeaderStyle.Rfc6749)] // form-encoded before base64, as OAuth clients send it
    [InlineData(BasicAuthenticationHeaderStyle.Rfc2617)] // as it is, as curl -u sends it
    public async Task A_key_full_of_characters_form_encoding_changes_is_accepted_either_way(BasicAuthenticationHeaderStyle style)
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        var answer = await factory.CreateClient().IntrospectTokenAsync(Request(token, GatewayApiFactory.OddKey, style));

        Assert.False(answer.IsError, answer.Error);
        Assert.True(answer.IsActive);
    }

    [Fact]
    public async Task A_garbage_or_refresh_token_is_inactive()
    {
        var (login, _) = await _api.SignUpAndLoginAsync();
        var http = factory.CreateClient();

        Assert.False((await http.IntrospectTokenAsync(Request("garbage", GatewayApiFactory.Key))).IsActive);
        Assert.False((await http.IntrospectTokenAsync(Request(login["refresh_token"]!.GetValue<string>(), GatewayApiFactory.Key))).IsActive);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("gateway-key-")] // a prefix of a real key
    [InlineData("gateway-key-1 ")] // a real key and more
    [InlineData("GATEWAY-KEY-1")]
    public async Task A_wrong_key_through_IdentityModel_is_401_invalid_api_key_and_reaches_no_grain(string secret)
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        factory.Recorder.Start();
        var refused = await factory.CreateClient().IntrospectTokenAsync(Request(token, secret));
        factory.Recorder.Stop();

        Assert.True(refused.IsError);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
        Assert.Equal("invalid_api_key", refused.Json?.GetProperty("code").GetString());
        Assert.StartsWith("Basic ", refused.HttpResponse!.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Empty(factory.Recorder.Calls);
    }

    [Theory]
    [InlineData(null)] // no credentials at all
    [InlineData("Basic")]
    [InlineData("Basic !!!not-base64")]
    [InlineData("Basic Z2F0ZXdheS1rZXktMQ==")] // base64 of the key alone, without "user:"
    [InlineData("Basic /w==")] // not UTF-8
    [InlineData("Bearer gateway-key-1")]
    [InlineData("Basic Z2F0ZXdheS1rZXktMQ== extra")]
    public async Task Missing_or_malformed_Basic_credentials_are_401_with_a_Basic_challenge(string? authorization)
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        factory.Recorder.Start();
        var refused = await _api.Http.SendAsync(Form($"token={token}", authorization));
        factory.Recorder.Stop();

        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.StartsWith("Basic realm=", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Empty(factory.Recorder.Calls);
    }

    [Fact]
    public async Task Any_user_name_goes_and_the_key_may_also_come_in_X_Api_Key_with_a_form_body()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        var basic = await _api.Http.SendAsync(Form($"token={token}", Basic("", GatewayApiFactory.Key)));
        using var withHeader = Form($"token={Uri.EscapeDataString(token)}&token_type_hint=access_token", null);
        withHeader.Headers.Add("X-Api-Key", GatewayApiFactory.Key);
        var header = await _api.Http.SendAsync(withHeader);

        Assert.True((await ApiClient.JsonAsync(basic))["active"]!.GetValue<bool>());
        Assert.True((await ApiClient.JsonAsync(header))["active"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("token=")]
    [InlineData("token_type_hint=access_token")]
    [InlineData("token=a&token=b")]
    [InlineData("token=a&token_type_hint=access_token&token_type_hint=refresh_token")]
    public async Task Bad_form_bodies_are_400_validation_failed_and_reach_no_grain(string body)
    {
        factory.Recorder.Start();
        var response = await _api.Http.SendAsync(Form(body, Basic("gw", GatewayApiFactory.Key)));
        factory.Recorder.Stop();

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Empty(factory.Recorder.Calls);
    }

    [Fact]
    public async Task Other_bodies_are_refused_with_a_problem_never_a_5xx()
    {
        using var text = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = new StringContent("token=x", Encoding.UTF8, "text/plain") };
        text.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"gw:{GatewayApiFactory.Key}")));
        using var json = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = new StringContent("{\"token\":", Encoding.UTF8, "application/json") };
        json.Headers.Add("X-Api-Key", GatewayApiFactory.Key);
        using var huge = Form("token=" + new string('a', 70 * 1024), Basic("gw", GatewayApiFactory.Key));
        using var empty = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect");
        empty.Headers.Add("X-Api-Key", GatewayApiFactory.Key);

        await ApiClient.AssertProblemAsync(await _api.Http.SendAsync(text), HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.AssertProblemAsync(await _api.Http.SendAsync(json), HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.AssertProblemAsync(await _api.Http.SendAsync(huge), HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await ApiClient.AssertProblemAsync(await _api.Http.SendAsync(empty), HttpStatusCode.BadRequest, "validation_failed");
    }
}
