using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansSessions.Client;

namespace OrleansSessions.IntegrationTests.Service;

/// <summary>The .NET client's service API calls and the bearer principal, against the real Api.</summary>
public sealed class ServiceClientLibraryTests(ServiceApiFactory factory) : IClassFixture<ServiceApiFactory>
{
    private SessionsServiceClient Service(string key = ServiceApiFactory.Key) => new(factory.CreateClient(), key);

    [Fact]
    public async Task A_backend_opens_patches_lists_and_revokes_sessions_with_typed_results()
    {
        var userId = ServiceClient.NewUserId();
        var service = Service();

        var first = await service.OpenSessionAsync(new ServiceSessionRequest(userId, new { tenant = "acme" }, "mobile", IpAddress: "198.51.100.4"));
        var second = await service.OpenSessionAsync(new ServiceSessionRequest(userId));

        Assert.Equal(userId, first.UserId);
        Assert.True(first.ExpiresIn > 0 && first.RefreshExpiresIn > 0);
        Assert.DoesNotContain(first.AccessToken, first.ToString());
        var sessions = await service.ListSessionsAsync(userId);
        Assert.Equal(new[] { first.SessionId, second.SessionId }.Order(), sessions.Select(s => s.SessionId).Order());
        Assert.Equal("mobile", sessions.Single(s => s.SessionId == first.SessionId).Client);
        Assert.Equal("service", sessions.Single(s => s.SessionId == first.SessionId).SignInMethod);

        await service.UpdateClaimsAsync(userId, first.SessionId, new { tenant = "globex" });
        var introspection = await new SessionsClient(factory.CreateClient(), new TokenStore()).IntrospectAsync(first.AccessToken, ServiceApiFactory.Key);
        Assert.Equal("globex", introspection.Claims!.Value.GetProperty("tenant").GetString());
        Assert.Equal("mobile", introspection.Client);
        Assert.Equal([SessionAuthMethods.Backend], introspection.Amr);

        await service.RevokeSessionAsync(userId, first.SessionId);
        var missing = await Assert.ThrowsAsync<SessionsApiException>(() => service.RevokeSessionAsync(userId, first.SessionId));
        Assert.Equal((404, "session_not_found"), (missing.Status, missing.Code));
        Assert.Equal(1, await service.RevokeAllSessionsAsync(userId));
        Assert.Empty(await service.ListSessionsAsync(userId));
    }

    [Fact]
    public async Task Problems_become_exceptions_with_the_contracts_code()
    {
        var badKey = await Assert.ThrowsAsync<SessionsApiException>(() => Service("wrong").OpenSessionAsync(new ServiceSessionRequest("ext-1")));
        Assert.Equal((401, "invalid_api_key"), (badKey.Status, badKey.Code));

        var reserved = await Assert.ThrowsAsync<SessionsApiException>(() => Service().OpenSessionAsync(new ServiceSessionRequest("ext-1", new { roles = new[] { "admin" } })));
        Assert.Equal((400, "validation_failed"), (reserved.Status, reserved.Code));
    }

    [Fact]
    public async Task The_bearer_principal_exposes_auth_time_client_and_custom_claims()
    {
        var opened = await Service().OpenSessionAsync(new ServiceSessionRequest(
            ServiceClient.NewUserId(),
            new Dictionary<string, object>
            {
                ["tenant"] = "acme",
                ["seats"] = 12,
                ["plan"] = new { tier = "pro" },
                ["flags"] = new[] { "a", "b" },
                [ClaimTypes.Role] = "admin", // a custom claim named as .NET names roles is no role
            },
            "mobile"));
        var body = await AskResourceServerAsync(opened.AccessToken, (ClaimsPrincipal user) => new
        {
            user = user.UserId(),
            session = user.SessionId(),
            client = user.SessionClient(),
            auth_time = user.AuthTime(),
            tenant = user.CustomClaimAs<string>("tenant"),
            seats = user.CustomClaimAs<int>("seats"),
            tier = user.CustomClaimAs<Dictionary<string, string>>("plan")!["tier"],
            flags = user.CustomClaims()["flags"],
            sub_as_custom = user.CustomClaim("sub"),
            admin = user.IsInRole("admin"),
            amr = user.AuthMethods(),
            backend_user = user.IsBackendUser(),
        });

        Assert.Equal(opened.UserId, body["user"]!.GetValue<string>());
        Assert.Equal(opened.SessionId, body["session"]!.GetValue<string>());
        Assert.Equal("mobile", body["client"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(body["auth_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UnixEpoch);
        Assert.Equal("acme", body["tenant"]!.GetValue<string>());
        Assert.Equal(12, body["seats"]!.GetValue<int>());
        Assert.Equal("pro", body["tier"]!.GetValue<string>());
        Assert.Equal(["a", "b"], body["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Null(body["sub_as_custom"]);
        Assert.False(body["admin"]!.GetValue<bool>());
        Assert.Equal([SessionAuthMethods.Backend], body["amr"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.True(body["backend_user"]!.GetValue<bool>());
    }

    /// <summary>JSON numbers no double holds (JSON allows them, so a backend may send them) pass through to the app as written.</summary>
    [Fact]
    public async Task Numbers_beyond_a_double_reach_the_app_as_written()
    {
        var opened = await Service().OpenSessionAsync(new ServiceSessionRequest(
            ServiceClient.NewUserId(), System.Text.Json.JsonDocument.Parse("""{"big": 123456789012345678901234567890, "huge": 1e400, "tiny": -1e-400, "ids": [98765432109876543210, 7]}""").RootElement, null));
        var body = await AskResourceServerAsync(opened.AccessToken, (ClaimsPrincipal user) => new
        {
            big = user.CustomClaim("big"),
            huge = user.CustomClaim("huge"),
            tiny = user.CustomClaim("tiny"),
            ids = user.CustomClaims()["ids"],
            exp = user.FindFirst("exp")!.Value,
        });

        Assert.Equal("123456789012345678901234567890", body["big"]!.GetValue<string>());
        Assert.Equal("1e400", body["huge"]!.GetValue<string>());
        Assert.Equal("-1e-400", body["tiny"]!.GetValue<string>());
        Assert.Equal(["98765432109876543210", "7"], body["ids"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Matches("^[0-9]{10}$", body["exp"]!.GetValue<string>()); // numbers that fit are as IdentityModel gives them
    }

    /// <summary>
    /// A resource server (a test server) that validates with <c>AddOrleansSessionsBearer</c> against this service and
    /// answers one authorized GET with <paramref name="answer"/> of its principal; that answer, after asserting 200.
    /// </summary>
    private async Task<System.Text.Json.Nodes.JsonNode> AskResourceServerAsync(string accessToken, Func<ClaimsPrincipal, object> answer)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication().AddOrleansSessionsBearer(o =>
        {
            o.Authority = new Uri("http://localhost");
            o.IntrospectionApiKey = ServiceApiFactory.Key;
            o.BackchannelHandler = factory.Server.CreateHandler();
        });
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/ask", (ClaimsPrincipal user) => answer(user)).RequireAuthorization();
        await app.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/ask") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
