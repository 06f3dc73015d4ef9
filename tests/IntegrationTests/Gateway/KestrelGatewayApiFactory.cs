using System.Net;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary>The embedded Api served by Kestrel on a loopback port, so a real process (nginx) can reach it.</summary>
public sealed class KestrelGatewayApiFactory : ApiFactory
{
    public KestrelGatewayApiFactory() => UseKestrel(k => k.Listen(IPAddress.Loopback, Port));

    public int Port { get; } = FreePort.Next();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
}
