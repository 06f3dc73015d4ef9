using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

public sealed class RefreshTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task Refresh_rotates_both_tokens_and_keeps_the_session()
    {
        var (login, _) = await _api.SignUpAndLoginAsync();

        var response = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = login["refresh_token"]!.GetValue<string>() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var body = await ApiClient.JsonAsync(response);
        Assert.Equal(login["session_id"]!.GetValue<string>(), body["session_id"]!.GetValue<string>());
        Assert.NotEqual(login["refresh_token"]!.GetValue<string>(), body["refresh_token"]!.GetValue<string>());
        Assert.NotEqual(login["access_token"]!.GetValue<string>(), body["access_token"]!.GetValue<string>());
        Assert.Equal(login["user"]!.ToJsonString(), body["user"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", body["access_token"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task A_rotated_refresh_token_presented_again_is_theft_and_revokes_the_session()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var original = login["refresh_token"]!.GetValue<string>();
        var rotated = await ApiClient.JsonAsync(await _api.PostJsonAsync("/auth/refresh", new { refresh_token = original }));

        var reuse = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = original });

        await ApiClient.AssertProblemAsync(reuse, HttpStatusCode.Unauthorized, "refresh_token_reused");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "session_revoked");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", rotated["access_token"]!.GetValue<string>()), HttpStatusCode.Unauthorized, "session_revoked");
        var newest = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = rotated["refresh_token"]!.GetValue<string>() });
        await ApiClient.AssertProblemAsync(newest, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task The_first_refresh_token_presented_after_three_rotations_is_theft_and_revokes_the_session()
    {
        var (login, _) = await _api.SignUpAndLoginAsync();
        var first = login["refresh_token"]!.GetValue<string>();
        var current = login;
        for (var i = 0; i < 3; i++)
        {
            var rotated = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = current["refresh_token"]!.GetValue<string>() });
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            current = await ApiClient.JsonAsync(rotated);
        }

        var theft = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = first });

        await ApiClient.AssertProblemAsync(theft, HttpStatusCode.Unauthorized, "refresh_token_reused");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", current["access_token"]!.GetValue<string>()), HttpStatusCode.Unauthorized, "session_revoked");
        var newest = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = current["refresh_token"]!.GetValue<string>() });
        await ApiClient.AssertProblemAsync(newest, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("00000000000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAA.secret")]
    [InlineData("00000000000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAA.1.secret.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_refresh_tokens_are_invalid(string refreshToken)
    {
        var response = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = refreshToken });
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_refresh_token_with_a_wrong_secret_is_invalid_and_harmless()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var parts = login["refresh_token"]!.GetValue<string>().Split('.');

        var response = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = $"{parts[0]}.{parts[1]}.{parts[2]}.forged.{parts[4]}" });

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", token)).StatusCode);
    }

    [Fact]
    public async Task Refresh_of_an_expired_session_is_invalid()
    {
        var (login, _) = await _api.SignUpAndLoginAsync();
        factory.Clock.Advance(TimeSpan.FromHours(2));

        var response = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = login["refresh_token"]!.GetValue<string>() });

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"refresh_token":""}""")]
    [InlineData("""{"refresh_token":12}""")]
    public async Task Refresh_without_a_token_is_validation_failed(string body)
    {
        var response = await _api.PostRawAsync("/auth/refresh", body);
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }
}
