using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// A refresh for a session the Api node was told has ended is refused at once, without asking the user's grain: so it
/// is a 401 also when that grain is out of reach (a silo cut off), not a 503.
/// </summary>
public sealed class EndedSessionRefreshTests(RecordingApiFactory factory) : IClassFixture<RecordingApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task A_refresh_for_a_session_that_ended_here_is_refused_without_a_grain_call()
    {
        var (login, token) = await _api.SignUpAndLoginAsync();
        var refreshToken = login["refresh_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await _api.PostAsync("/auth/logout", token)).StatusCode);

        factory.Recorder.Start();
        var refused = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = refreshToken });
        factory.Recorder.Stop();

        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Empty(factory.Recorder.Calls);
    }

    [Fact]
    public async Task A_refresh_for_a_live_session_still_asks_its_grain_and_rotates()
    {
        var (login, _) = await _api.SignUpAndLoginAsync();

        factory.Recorder.Start();
        var refreshed = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = login["refresh_token"]!.GetValue<string>() });
        factory.Recorder.Stop();

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Contains("IUserSessionsGrain.Refresh", factory.Recorder.Calls);
    }
}
