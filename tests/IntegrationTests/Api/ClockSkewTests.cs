using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>An access token is good for its lifetime plus <c>Jwt:ClockSkew</c> (5 s by default), not a moment more.</summary>
public sealed class ClockSkewTests(ShortLivedTokensApiFactory factory) : IClassFixture<ShortLivedTokensApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task An_access_token_is_refused_once_its_lifetime_and_the_clock_skew_have_passed()
    {
        var skew = factory.Services.GetRequiredService<IOptions<JwtSettings>>().Value.ClockSkew;
        Assert.Equal(TimeSpan.FromSeconds(5), skew);
        var (_, token) = await _api.SignUpAndLoginAsync();

        // exp is in whole seconds, at most a second before issue + lifetime: one second short of the end is still in.
        factory.Clock.Advance(ShortLivedTokensApiFactory.Lifetime + skew - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", token)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var late = await _api.GetAsync("/auth/me", token);

        await ApiClient.AssertProblemAsync(late, HttpStatusCode.Unauthorized, "token_expired");
    }
}
