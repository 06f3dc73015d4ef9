using System.Net;
using System.Text;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Service;

/// <summary>Bad input to the service API is a 400/413 problem with the contract's code, never a 5xx, and stores nothing.</summary>
public sealed class ServiceBadInputTests(ServiceApiFactory factory) : IClassFixture<ServiceApiFactory>
{
    private readonly ServiceClient _service = new(factory.CreateClient());

    public static TheoryData<string> BadUserIds => new()
    {
        "", "a b", "ext/42", "ext#42", "ümlaut", "tab\tid", "emoji-😀", "quote\"", new string('a', 129),
    };

    public static TheoryData<string> BadClaims => new()
    {
        "[]", "\"tenant\"", "42", "true",
        """{"sub": "someone-else"}""", """{"sid": "x"}""", """{"jti": "x"}""", """{"iat": 1}""", """{"nbf": 1}""", """{"exp": 1}""",
        """{"iss": "x"}""", """{"aud": "x"}""", """{"auth_time": 1}""", """{"amr": ["pwd"]}""", """{"roles": ["admin"]}""",
        """{"client": "web"}""", """{"scope": "all"}""",
        """{"a": 1, "a": 2}""",
        "{\"blob\": \"" + new string('x', 2048 - 11 + 1) + "\"}", // 2049 bytes compact
        "{\"blob\": \"" + new string('é', 1020) + "\"}", // 1020 characters, 2051 bytes of UTF-8
        "{\"blob\": \"" + string.Concat(Enumerable.Repeat("😀", 510)) + "\"}", // 510 characters of 4 bytes: 2051 bytes
        """{"tenant": "\ud800"}""", """{"\udc00": 1}""", """{"roles_of": ["ok", "\udbffx"]}""", // half a surrogate pair
    };

    [Theory]
    [MemberData(nameof(BadUserIds))]
    public async Task A_bad_user_id_is_refused_on_every_call_before_any_grain(string userId)
    {
        factory.Recorder.Start();
        var response = await _service.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = userId });

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        if (userId.Length > 0 && !userId.Contains('/') && !userId.Contains('#'))
        {
            var session = ServiceClient.Path(userId, "AAAAAAAAAAAAAAAAAAAAAA");
            foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
                     {
                         (HttpMethod.Get, ServiceClient.Path(userId), null), (HttpMethod.Delete, ServiceClient.Path(userId), null),
                         (HttpMethod.Delete, session, null), (HttpMethod.Patch, session, new { claims = new { a = 1 } }),
                     })
            {
                await ApiClient.AssertProblemAsync(await _service.SendAsync(method, path, body), HttpStatusCode.BadRequest, "validation_failed");
            }
        }

        factory.Recorder.Stop();
        Assert.Empty(factory.Recorder.Calls); // refused before any grain
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task A_user_id_no_url_path_can_name_is_refused_before_any_grain(string userId)
    {
        // Of the contract's characters, but a dot segment: /service/users/../sessions is /service/sessions to every HTTP
        // stack (also as %2E%2E), so the sessions could never be listed or revoked.
        factory.Recorder.Start();
        var response = await _service.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = userId });

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        factory.Recorder.Stop();
        Assert.Empty(factory.Recorder.Calls);
        Assert.Equal(HttpStatusCode.Created, (await _service.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = "a..b" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"user_id": "{0}-a", "user_id": "{0}-b"}""")]
    [InlineData("""{"User_Id": "{0}-a"}""")]
    [InlineData("""{"user_id": "{0}-a", "client": "nope", "client": "default"}""")]
    public async Task A_body_read_another_way_by_a_proxy_is_refused_and_stores_nothing(string template)
    {
        // Each property once and with the contract's name: a gateway that checks "user_id" or "client" sees what the
        // service sees (before, the last of two won, and names matched in any case).
        var userId = ServiceClient.NewUserId();

        var response = await _service.PostRawAsync("/service/sessions", template.Replace("{0}", userId, StringComparison.Ordinal));

        var detail = (await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed"))["detail"]!.GetValue<string>();
        Assert.DoesNotContain("OrleansSessions", detail);
        Assert.Equal(0, (await _service.ListAsync($"{userId}-a"))["count"]!.GetValue<int>());
        Assert.Equal(0, (await _service.ListAsync($"{userId}-b"))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_missing_user_id_or_a_body_that_is_not_json_is_refused()
    {
        await ApiClient.AssertProblemAsync(await _service.PostRawAsync("/service/sessions", "{}"), HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.AssertProblemAsync(await _service.PostRawAsync("/service/sessions", "{\"user_id\": "), HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.AssertProblemAsync(await _service.PostRawAsync("/service/sessions", "{\"user_id\": 42}"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [MemberData(nameof(BadClaims))]
    public async Task Bad_claims_are_refused_when_opening_and_when_patching_and_nothing_is_stored(string claims)
    {
        var userId = ServiceClient.NewUserId();

        var open = await _service.PostRawAsync("/service/sessions", $$"""{"user_id": "{{userId}}", "claims": {{claims}}}""");

        await ApiClient.AssertProblemAsync(open, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, (await _service.ListAsync(userId))["count"]!.GetValue<int>());

        var opened = await _service.OpenAsync(userId, new { tenant = "acme" });
        var patch = await _service.SendRawAsync(
            HttpMethod.Patch, ServiceClient.Path(userId, opened["session_id"]!.GetValue<string>()),
            new StringContent($$"""{"claims": {{claims}}}""", Encoding.UTF8, "application/json"));
        await ApiClient.AssertProblemAsync(patch, HttpStatusCode.BadRequest, "validation_failed");
        var token = opened["access_token"]!.GetValue<string>();
        var refreshed = await ApiClient.JsonAsync(await new ApiClient(factory.CreateClient()).PostJsonAsync(
            "/auth/refresh", new { refresh_token = opened["refresh_token"]!.GetValue<string>() }));
        var after = ApiClient.DecodeJwtPart(refreshed["access_token"]!.GetValue<string>(), 1);
        Assert.Equal("acme", after.GetProperty("tenant").GetString());
        Assert.NotEqual(token, refreshed["access_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Claims_of_exactly_2048_bytes_are_accepted()
    {
        var claims = "{\"blob\":\"" + new string('x', 2048 - 11) + "\"}";
        Assert.Equal(2048, Encoding.UTF8.GetByteCount(claims));

        var open = await _service.PostRawAsync("/service/sessions", $$"""{"user_id": "{{ServiceClient.NewUserId()}}", "claims": {{claims}}}""");

        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
    }

    [Fact]
    public async Task Claims_are_measured_in_utf8_bytes_so_2047_of_emoji_are_accepted_and_carried_unchanged()
    {
        var userId = ServiceClient.NewUserId();
        var text = string.Concat(Enumerable.Repeat("😀", 509));
        Assert.Equal(2047, Encoding.UTF8.GetByteCount("{\"blob\":\"" + text + "\"}"));

        var opened = await _service.OpenAsync(userId, new { blob = text });

        Assert.Equal(text, ApiClient.DecodeJwtPart(opened["access_token"]!.GetValue<string>(), 1).GetProperty("blob").GetString());
        var me = await ApiClient.JsonAsync(await new ApiClient(factory.CreateClient()).GetAsync("/auth/me", opened["access_token"]!.GetValue<string>()));
        Assert.Equal(text, me["claims"]!["blob"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=\"x-unknown\"")]
    public async Task A_body_in_a_charset_the_service_does_not_know_is_refused_and_nothing_is_stored(string contentType)
    {
        var userId = ServiceClient.NewUserId();
        var content = ApiClient.RawContent($$"""{"user_id": "{{userId}}"}""", contentType);

        await ApiClient.AssertProblemAsync(await _service.SendRawAsync(HttpMethod.Post, "/service/sessions", content), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, (await _service.ListAsync(userId))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_call_without_a_valid_key_is_401_whatever_its_body()
    {
        var huge = $$"""{"user_id": "{{ServiceClient.NewUserId()}}", "user_agent": "{{new string('a', 70_000)}}"}""";
        foreach (var client in new[] { new ServiceClient(factory.CreateClient(), key: null), new ServiceClient(factory.CreateClient(), key: "not-the-key") })
        {
            await ApiClient.AssertProblemAsync(await client.PostRawAsync("/service/sessions", huge), HttpStatusCode.Unauthorized, "invalid_api_key");
            var bogus = ApiClient.RawContent("{}", "application/json; charset=bogus");
            await ApiClient.AssertProblemAsync(await client.SendRawAsync(HttpMethod.Post, "/service/sessions", bogus), HttpStatusCode.Unauthorized, "invalid_api_key");
        }
    }

    [Fact]
    public async Task An_unknown_client_is_refused_and_nothing_is_stored()
    {
        var userId = ServiceClient.NewUserId();

        var open = await _service.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = userId, client = "tv" });

        await ApiClient.AssertProblemAsync(open, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, (await _service.ListAsync(userId))["count"]!.GetValue<int>());
        await ApiClient.AssertProblemAsync(
            await new ApiClient(factory.CreateClient()).PostJsonAsync("/auth/login", new { email = ApiClient.NewEmail(), password = "correct horse battery", client = "tv" }),
            HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_bad_ip_address_and_a_missing_claims_field_in_a_patch_are_refused()
    {
        var userId = ServiceClient.NewUserId();
        await ApiClient.AssertProblemAsync(
            await _service.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = userId, ip_address = "not-an-address" }),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, (await _service.ListAsync(userId))["count"]!.GetValue<int>());

        var opened = await _service.OpenAsync(userId);
        await ApiClient.AssertProblemAsync(
            await _service.SendRawAsync(HttpMethod.Patch, ServiceClient.Path(userId, opened["session_id"]!.GetValue<string>()),
                new StringContent("{}", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_and_nothing_is_stored()
    {
        var userId = ServiceClient.NewUserId();
        var huge = $$"""{"user_id": "{{userId}}", "user_agent": "{{new string('a', 70_000)}}"}""";

        var response = await _service.PostRawAsync("/service/sessions", huge);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, (await _service.ListAsync(userId))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Generated_malformed_service_requests_with_a_valid_key_never_get_a_5xx()
    {
        var random = new Random(20261130);
        string[] fields = ["user_id", "claims", "client", "remember_me", "device_info", "ip_address", "user_agent"];
        string[] values =
        [
            "null", "true", "0", "-1", "1e309", "\"\"", "\"ext-1\"", "\"a b\"", "[]", "{}", "[1,2]", "{\"sub\":1}", "{\"a\":{\"b\":[null]}}",
            "\"\\u0000\"", "\"\\ud800\"", "{\"\\udc00\":1}", "\"" + new string('x', 300) + "\"", "{\"tenant\":\"" + new string('y', 3000) + "\"}", "\"mobile\"", "\"::1\"",
        ];
        string[] segments = ["ext-1", "a%20b", "..", new string('z', 200), "ext%7C1", "%F0%9F%98%80", "x"];
        var failures = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var body = "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 5))
                .Select(_ => $"\"{fields[random.Next(fields.Length)]}\":{values[random.Next(values.Length)]}")) + "}";
            if (random.Next(10) == 0)
            {
                body = body[..random.Next(body.Length)];
            }

            var segment = segments[random.Next(segments.Length)];
            var (method, path) = random.Next(5) switch
            {
                0 => (HttpMethod.Post, "/service/sessions"),
                1 => (HttpMethod.Patch, $"/service/users/{segment}/sessions/{segments[random.Next(segments.Length)]}"),
                2 => (HttpMethod.Get, $"/service/users/{segment}/sessions"),
                3 => (HttpMethod.Delete, $"/service/users/{segment}/sessions"),
                _ => (HttpMethod.Delete, $"/service/users/{segment}/sessions/{segments[random.Next(segments.Length)]}"),
            };
            var response = await _service.SendRawAsync(method, path, new StringContent(body, Encoding.UTF8, "application/json"));
            if ((int)response.StatusCode >= 500
                || ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
            {
                failures.Add($"{(int)response.StatusCode} for {method} {path} {body[..Math.Min(body.Length, 120)]}");
            }
        }

        Assert.Empty(failures);
        await _service.OpenAsync(ServiceClient.NewUserId()); // still works
    }
}
