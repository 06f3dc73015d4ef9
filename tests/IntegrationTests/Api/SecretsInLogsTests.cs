using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Every log line, at every level, of every component, while secrets flow through the service.</summary>
public sealed class LoggingApiFactory : ApiFactory
{
    public LogCapture Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:IntrospectionKeys"] = SecretsInLogsTests.ApiKey,
        ["Auth:SecretKey"] = SecretsInLogsTests.ServerSecret,
        ["Logging:LogLevel:Default"] = "Trace",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Every category at Trace: the rules of the shipped appsettings.json (Microsoft.AspNetCore, Polly at Warning)
        // would otherwise keep the framework's request and authentication lines out of the capture.
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(services => services.Configure<LoggerFilterOptions>(o => o.Rules.Clear()));
    }
}

public sealed class SecretsInLogsTests(LoggingApiFactory factory) : IClassFixture<LoggingApiFactory>
{
    public const string ApiKey = "introspection-api-key-that-must-not-leak";
    public const string ServerSecret = "c2VydmVyLXNlY3JldC10aGF0LW11c3Qtbm90LWxlYWstMTIzNDU2Nzg5MA==";
    private const string Password = "Pa55word-that-must-not-leak";

    [Fact]
    public async Task No_password_token_key_or_csrf_token_reaches_the_logs()
    {
        var api = new ApiClient(factory.CreateClient());
        var email = ApiClient.NewEmail();
        await api.RegisterAsync(email, Password);
        var login = await api.LoginAsync(email, Password);
        var access = login["access_token"]!.GetValue<string>();
        var refresh = login["refresh_token"]!.GetValue<string>();
        await api.PostJsonAsync("/auth/login", new { email, password = Password + "-wrong" });
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/me", access)).StatusCode);
        var rotated = await ApiClient.JsonAsync(await api.PostJsonAsync("/auth/refresh", new { refresh_token = refresh }));
        await api.PostJsonAsync("/auth/refresh", new { refresh_token = refresh }); // reuse: the session is revoked
        await api.GetAsync("/auth/me", access + "tampered");
        using var introspect = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = JsonContent.Create(new { token = access }) };
        introspect.Headers.Add("X-Api-Key", ApiKey);
        await api.Http.SendAsync(introspect);

        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var cookieLogin = await ApiClient.JsonAsync(await browser.PostAsJsonAsync("/auth/login?mode=cookie", new { email, password = Password }));
        var csrf = cookieLogin["csrf_token"]!.GetValue<string>();
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/auth/logout");
        logout.Headers.Add("X-CSRF-Token", csrf);
        await browser.SendAsync(logout);

        var secrets = new[]
        {
            Password, access, refresh, refresh.Split('.')[3], refresh.Split('.')[4], rotated["access_token"]!.GetValue<string>(),
            rotated["refresh_token"]!.GetValue<string>().Split('.')[3], rotated["refresh_token"]!.GetValue<string>().Split('.')[4], ApiKey, ServerSecret, csrf,
            access.Split('.')[2], // the signature alone
        };
        var logs = string.Join('\n', factory.Logs.Lines);
        Assert.True(factory.Logs.Lines.Count > 50, "the capture saw too little to mean anything");
        Assert.Contains(factory.Logs.Lines, line => line.StartsWith("Debug Microsoft.AspNetCore.", StringComparison.Ordinal)); // the framework's lines too
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, logs));
        Assert.DoesNotContain("PRIVATE KEY", logs);
    }
}
