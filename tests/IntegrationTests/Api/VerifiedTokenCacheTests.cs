using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>A token whose signature was verified once is remembered, but never past its lifetime or its session.</summary>
public sealed class VerifiedTokenCacheTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task A_remembered_token_is_still_refused_once_it_expires()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", token)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(31)); // past its life and the 30 s skew

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "token_expired");
    }

    [Fact]
    public async Task Only_the_exact_token_text_is_remembered()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", token)).StatusCode);
        var parts = token.Split('.');
        var otherPayload = parts[1][..^2] + (parts[1][^2] == 'A' ? 'B' : 'A') + parts[1][^1];

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", $"{parts[0]}.{otherPayload}.{parts[2]}"), HttpStatusCode.Unauthorized, "invalid_token");
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA"), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_remembered_token_of_a_revoked_session_is_refused()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", token)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.PostAsync("/auth/logout", token)).StatusCode);

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "session_revoked");
    }
}
