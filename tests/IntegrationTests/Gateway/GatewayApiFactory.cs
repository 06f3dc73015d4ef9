using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary>The embedded Api with introspection keys (one full of characters form-encoding changes) and a grain call recorder.</summary>
public sealed class GatewayApiFactory : ApiFactory
{
    public const string Key = "gateway-key-1";

    /// <summary>RFC 6749 has OAuth clients form-encode the Basic password; <c>curl -u</c> sends it as it is. Both must work.</summary>
    public const string OddKey = "gw+key/with%20odd=chars";

    public GrainCallRecorder Recorder { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:IntrospectionKeys"] = $"{Key}, {OddKey}",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IOutgoingGrainCallFilter>(Recorder));
    }
}
