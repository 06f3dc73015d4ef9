using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Signing in is one grain call from the Api: the sign-in grain throttles, proves and opens inside the cluster.</summary>
public sealed class SignInFlowTests(RecordingApiFactory factory) : IClassFixture<RecordingApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task A_login_is_one_grain_call_from_the_api()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);

        factory.Recorder.Start();
        var login = await _api.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" });
        factory.Recorder.Stop();

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(["ISignInGrain.SignInWithPassword"], factory.Recorder.Calls);
    }

    [Fact]
    public async Task A_wrong_password_is_one_grain_call_too()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);

        factory.Recorder.Start();
        var login = await _api.PostJsonAsync("/auth/login", new { email, password = "wrong password!" });
        factory.Recorder.Stop();

        await ApiClient.AssertProblemAsync(login, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(["ISignInGrain.SignInWithPassword"], factory.Recorder.Calls);
        Assert.True(login.Headers.Contains("X-RateLimit-Remaining"), "the failure's throttle figures travel back with the one call");
    }
    [Fact]
    public async Task Logins_with_the_right_password_sent_in_parallel_all_succeed_though_only_five_checks_may_be_in_flight()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);

        var logins = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            _api.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" })));

        Assert.All(logins, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

}
