using System.Net;
using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// A login whose sign-in ran but whose answer was lost (the silo stopped with it in flight, as in a rolling deploy): the
/// Api sends it again with the session id it chose, and the client gets that one session, never a 503 nor a second one.
/// </summary>
public sealed class LoginRetryTests(FaultingApiFactory factory) : IClassFixture<FaultingApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task A_login_whose_answer_was_lost_is_answered_with_the_one_session_it_opened()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);

        factory.Faults.LoseNextAnswerOf(nameof(ISignInGrain.SignInWithPassword), () => new SiloUnavailableException("Injected fault: the silo stopped with the sign-in in flight."));
        var login = await _api.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" });

        Assert.False(factory.Faults.IsArmed, "the first sign-in ran, and its answer was lost");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await ApiClient.JsonAsync(login);
        var listed = await ApiClient.JsonAsync(await _api.GetAsync("/auth/sessions", body["access_token"]!.GetValue<string>()));
        var session = Assert.Single(listed["sessions"]!.AsArray());
        Assert.Equal(body["session_id"]!.GetValue<string>(), session!["session_id"]!.GetValue<string>());
        var refreshed = await _api.PostJsonAsync("/auth/refresh", new { refresh_token = body["refresh_token"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }
}
