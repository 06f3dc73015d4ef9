using System.Net;
using System.Text;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// A body whose <c>Content-Type</c> names a charset no one knows is 400 <c>validation_failed</c> on every endpoint that
/// reads one (ASP.NET Core's JSON reading alone answered it with a 500), and changes nothing.
/// </summary>
public sealed class UnknownCharsetTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Theory]
    [InlineData("/auth/register", "application/json; charset=bogus")]
    [InlineData("/auth/login", "application/json; charset=bogus")]
    [InlineData("/auth/refresh", "application/json;charset=\"no-such-charset\"")]
    [InlineData("/auth/login", "application/json; charset=")]
    [InlineData("/auth/password", "application/json; charset=bogus")]
    [InlineData("/auth/reauthenticate", "application/json; charset=bogus")]
    [InlineData("/auth/introspect", "application/json; charset=bogus")]
    [InlineData("/auth/introspect", "application/x-www-form-urlencoded; charset=bogus")]
    public async Task Is_refused_with_a_problem(string path, string contentType)
    {
        var (_, token) = await _api.SignUpAndLoginAsync();

        var response = await _api.SendAsync(HttpMethod.Post, path, ApiClient.RawContent("{\"token\":\"x\",\"refresh_token\":\"x\"}", contentType), token);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_registration_in_an_unknown_charset_stores_nothing()
    {
        var email = ApiClient.NewEmail();

        var refused = await _api.SendAsync(
            HttpMethod.Post, "/auth/register", ApiClient.RawContent($$"""{"email":"{{email}}","password":"correct horse battery"}""", "application/json; charset=bogus"), null);

        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "validation_failed");
        await _api.RegisterAsync(email); // asserts 201: the email is still free
    }

    [Theory]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=\"utf-8\"")] // quoted, as HTTP allows
    [InlineData("application/json; charset=UTF8")] // the WHATWG label .NET does not know
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task A_known_charset_however_written_is_read(string contentType)
    {
        var email = ApiClient.NewEmail();
        var encoding = contentType.EndsWith("utf-16", StringComparison.Ordinal) ? Encoding.Unicode : Encoding.UTF8;
        var response = await _api.SendAsync(
            HttpMethod.Post, "/auth/register", ApiClient.RawContent($$"""{"email":"{{email}}","password":"correct horse battery"}""", contentType, encoding), null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
