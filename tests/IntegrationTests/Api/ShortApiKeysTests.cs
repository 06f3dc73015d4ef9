using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>An Api whose service keys include a short one, and whose introspection key is long enough.</summary>
public sealed class ShortApiKeysApiFactory : ApiFactory
{
    public const string ShortKey = "svc-short-7Qp2";

    public LogCapture Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:ServiceKeys"] = $"{ShortKey}, a-service-key-long-enough-to-pass-0123456789",
        ["Auth:IntrospectionKeys"] = "an-introspection-key-long-enough-0123456789",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

public sealed class ShortApiKeysTests(ShortApiKeysApiFactory factory) : IClassFixture<ShortApiKeysApiFactory>
{
    [Fact]
    public void Start_up_names_the_setting_with_a_short_key_and_never_the_key()
    {
        _ = factory.Server; // started

        var warnings = factory.Logs.Lines.Where(l => l.Contains("short enough to guess", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("Auth__ServiceKeys holds 1 key(s) of fewer than 20 characters", warning);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains(ShortApiKeysApiFactory.ShortKey, StringComparison.Ordinal));
    }
}
