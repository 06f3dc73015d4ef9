using System.Net;

namespace OrleansSessions.IntegrationTests.Api;

public sealed class AccountEndpointTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task Register_normalises_the_email_and_refuses_a_duplicate()
    {
        var email = ApiClient.NewEmail();
        var response = await _api.PostJsonAsync("/auth/register", new { email = $"  {email.ToUpperInvariant()} ", password = "password-123", display_name = "Ada" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiClient.JsonAsync(response);
        Assert.Equal(email, body["email"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", body["user_id"]!.GetValue<string>());

        var again = await _api.PostJsonAsync("/auth/register", new { email, password = "another-password" });
        await ApiClient.AssertProblemAsync(again, HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task An_email_written_with_a_combining_accent_is_the_same_account()
    {
        var local = ApiClient.NewEmail().Split('@')[0];
        var composed = $"{local}jos\u00e9@example.com";
        Assert.Equal(HttpStatusCode.Created, (await _api.PostJsonAsync("/auth/register", new { email = composed, password = "password-123" })).StatusCode);

        var decomposed = $"{local}jose\u0301@example.com"; // the same text on screen
        await ApiClient.AssertProblemAsync(
            await _api.PostJsonAsync("/auth/register", new { email = decomposed, password = "another-password" }), HttpStatusCode.Conflict, "email_taken");
        Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync("/auth/login", new { email = decomposed, password = "password-123" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"email":"not-an-email","password":"password-123"}""")]
    [InlineData("""{"email":"a@example.com","password":"short"}""")]
    [InlineData("""{"email":"a@example.com"}""")]
    [InlineData("""{"password":"password-123"}""")]
    [InlineData("""{"email":42,"password":"password-123"}""")]
    [InlineData("""{"email":"a@example.com","password":"password-123","display_name":["x"]}""")]
    [InlineData("""{"email":"a@example.com",""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("")]
    [InlineData("""{"email":"dup-1@example.com","email":"dup-2@example.com","password":"password-123"}""")] // each property once
    [InlineData("""{"Email":"cased@example.com","password":"password-123"}""")] // the contract's names as written
    public async Task Register_refuses_bad_input_with_validation_failed(string body)
    {
        var response = await _api.PostRawAsync("/auth/register", body);
        var detail = (await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed"))["detail"]!.GetValue<string>();

        // The detail speaks of the body, not of the service's .NET types or the framework's parameters.
        Assert.DoesNotContain("OrleansSessions", detail);
        Assert.DoesNotContain("Implicit body", detail);
    }

    [Fact]
    public async Task Register_refuses_an_overlong_password()
    {
        var response = await _api.PostJsonAsync("/auth/register", new { email = ApiClient.NewEmail(), password = new string('p', 1025) });
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Login_returns_the_contract_shape_and_a_well_formed_jwt()
    {
        var email = ApiClient.NewEmail();
        var userId = await _api.RegisterAsync(email);

        var response = await _api.PostJsonAsync("/auth/login", new
        {
            email,
            password = "correct horse battery",
            device_info = new { device_type = "mobile", os = "iOS 18", browser = "Safari", device_fingerprint = "abc" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var body = await ApiClient.JsonAsync(response);
        var sessionId = body["session_id"]!.GetValue<string>();
        Assert.Equal(sessionId, Assert.Single(response.Headers.GetValues("X-Session-ID")));
        Assert.Matches("^[A-Za-z0-9_-]{22,}$", sessionId);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(900, body["expires_in"]!.GetValue<long>());
        Assert.Equal(3600, body["refresh_expires_in"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(body["refresh_token"]!.GetValue<string>()));
        Assert.Equal(userId, body["user"]!["user_id"]!.GetValue<string>());
        Assert.Equal(email, body["user"]!["email"]!.GetValue<string>());

        var jwt = body["access_token"]!.GetValue<string>();
        var header = ApiClient.DecodeJwtPart(jwt, 0);
        var claims = ApiClient.DecodeJwtPart(jwt, 1);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
        Assert.Equal(userId, claims.GetProperty("sub").GetString());
        Assert.Equal(sessionId, claims.GetProperty("sid").GetString());
        foreach (var claim in new[] { "jti", "iat", "exp", "iss", "aud" })
        {
            Assert.True(claims.TryGetProperty(claim, out _), $"missing claim {claim}");
        }

        Assert.Equal(900, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task A_fresh_session_states_its_whole_refresh_lifetime_though_time_passed_while_it_was_opened()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);
        factory.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(20); // every reading of the clock, grain's and Api's, moves it on
        try
        {
            Assert.Equal(3600, (await _api.LoginAsync(email))["refresh_expires_in"]!.GetValue<long>());
            Assert.Equal(30 * 24 * 3600, (await _api.LoginAsync(email, rememberMe: true))["refresh_expires_in"]!.GetValue<long>());
        }
        finally
        {
            factory.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Every_login_opens_a_new_session()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);

        var first = await _api.LoginAsync(email);
        var second = await _api.LoginAsync(email);

        Assert.NotEqual(first["session_id"]!.GetValue<string>(), second["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);

        var wrongPassword = await _api.PostJsonAsync("/auth/login", new { email, password = "wrong password" });
        var unknownEmail = await _api.PostJsonAsync("/auth/login", new { email = ApiClient.NewEmail(), password = "wrong password" });

        var a = await ApiClient.AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "invalid_credentials");
        var b = await ApiClient.AssertProblemAsync(unknownEmail, HttpStatusCode.Unauthorized, "invalid_credentials");
        foreach (var field in new[] { "type", "title", "status", "detail", "code" })
        {
            Assert.Equal(a[field]!.ToJsonString(), b[field]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_take_about_the_same_time()
    {
        // Both paths run the password hasher (a dummy hash stands in for a missing account). Without that, an
        // unknown email would answer in well under a tenth of the time of a wrong password; the bound is loose
        // (3x either way) so a busy machine cannot fail it, and tight enough to catch a skipped hash.
        var known = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var email = ApiClient.NewEmail();
            await _api.RegisterAsync(email);
            known.Add(email);
        }

        async Task<double> MillisecondsAsync(string email)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var response = await _api.PostJsonAsync("/auth/login", new { email, password = "wrong password" });
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return elapsed;
        }

        // Taken in turn, each pair in the other order, so a spell of load on the shared machine (another test group,
        // a build) slows both kinds alike instead of only the kind measured while it lasted.
        var wrongPassword = new List<double>();
        var unknownEmail = new List<double>();
        foreach (var (email, i) in known.Select((email, i) => (email, i)))
        {
            if (i % 2 == 0)
            {
                wrongPassword.Add(await MillisecondsAsync(email));
                unknownEmail.Add(await MillisecondsAsync(ApiClient.NewEmail()));
            }
            else
            {
                unknownEmail.Add(await MillisecondsAsync(ApiClient.NewEmail()));
                wrongPassword.Add(await MillisecondsAsync(email));
            }
        }

        static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
        Assert.InRange(Median(unknownEmail) / Median(wrongPassword), 1 / 3.0, 3.0);
    }

    [Fact]
    public async Task Login_email_is_matched_after_normalisation()
    {
        var email = ApiClient.NewEmail();
        await _api.RegisterAsync(email);

        var response = await _api.PostJsonAsync("/auth/login", new { email = $" {email.ToUpperInvariant()}", password = "correct horse battery" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"email":"a@example.com"}""")]
    [InlineData("""{"email":"a@example.com","password":"x","remember_me":"yes"}""")]
    [InlineData("""{"email":"a@example.com","password":"x","device_info":"desktop"}""")]
    [InlineData("""{not json""")]
    public async Task Login_refuses_bad_input_with_validation_failed(string body)
    {
        var response = await _api.PostRawAsync("/auth/login", body);
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Login_says_which_limit_an_overlong_email_or_password_passes()
    {
        foreach (var body in new[]
                 {
                     new { email = new string('e', 300) + "@example.com", password = "correct horse battery" },
                     new { email = "a@example.com", password = new string('p', 10_000) },
                 })
        {
            var detail = (await ApiClient.AssertProblemAsync(await _api.PostJsonAsync("/auth/login", body), HttpStatusCode.BadRequest, "validation_failed"))["detail"]!.GetValue<string>();

            Assert.Contains("at most 254", detail); // it said "email and password are required", which they were
            Assert.Contains("at most 1024", detail);
        }
    }
}
