using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary>
/// A real nginx on a loopback port running the documented <c>auth_request</c> configuration
/// (<c>docs/gateways/nginx-http.conf</c> and <c>nginx-locations.conf</c>) against the real Api (Kestrel, embedded silo) in front of
/// <see cref="EchoUpstream"/>. Everything is stopped after the tests, and whatever started is stopped if a later
/// part fails to start.
/// </summary>
public sealed class NginxGatewayFixture : IAsyncLifetime
{
    public KestrelGatewayApiFactory Api { get; } = new();

    public EchoUpstream Upstream { get; } = new();

    public NginxServer Nginx { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            Api.StartServer();
            await Upstream.StartAsync();
            var gatewayDocs = Path.Combine(BuildOutput.RepositoryRoot, "docs", "gateways");
            var http = await File.ReadAllTextAsync(Path.Combine(gatewayDocs, "nginx-http.conf"));
            var locations = await File.ReadAllTextAsync(Path.Combine(gatewayDocs, "nginx-locations.conf"));
            Nginx = await NginxServer.StartAsync(
                $"upstream orleans_sessions {{ server 127.0.0.1:{Api.Port}; }}\nupstream app {{ server 127.0.0.1:{Upstream.Port}; }}\n{http}",
                locations);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }

        await Upstream.DisposeAsync();
        await Api.DisposeAsync();
    }
}
