using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary>A sample app behind the gateway: answers every request with the identity headers it was given, and counts them.</summary>
public sealed class EchoUpstream : IAsyncDisposable
{
    public static readonly string[] IdentityHeaders = ["X-User-Id", "X-Session-Id", "X-Client", "X-Auth-Time", "X-Auth-Method"];

    private WebApplication? _app;
    private int _requests;

    public int Port { get; } = FreePort.Next();

    /// <summary>How many requests reached the app.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.Map("/{**path}", (HttpRequest request) =>
        {
            Interlocked.Increment(ref _requests);
            return Results.Json(new Dictionary<string, string>(
                IdentityHeaders.Select(h => KeyValuePair.Create(h, request.Headers[h].ToString()))
                    .Append(KeyValuePair.Create("method", request.Method))
                    .Append(KeyValuePair.Create("path", request.Path.Value ?? ""))
                    .Append(KeyValuePair.Create("Cookie", request.Headers.Cookie.ToString()))));
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
