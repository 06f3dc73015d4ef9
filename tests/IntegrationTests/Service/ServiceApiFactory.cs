using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Service;

/// <summary>
/// The embedded Api with two service keys, an introspection key, and two clients beside the default: <c>mobile</c>
/// (2 sessions per user, 5-minute idle timeout) and <c>kiosk</c> (1 session, new ones refused), an admin, recording the
/// grain calls the Api makes.
/// </summary>
public sealed class ServiceApiFactory : ApiFactory
{
    public const string Key = "svc-key-one-7Qp2";
    public const string OtherKey = "svc-key-two-Vx9m";
    public const string IntrospectionKey = "introspect-key-Lw3";
    public const string AdminEmail = "svc-root@example.com";

    public GrainCallRecorder Recorder { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:ServiceKeys"] = $"{Key}, {OtherKey}",
        ["Auth:IntrospectionKeys"] = IntrospectionKey,
        ["Sessions:Clients:mobile:MaxPerUser"] = "2",
        ["Sessions:Clients:mobile:IdleTimeout"] = "00:05:00",
        ["Sessions:Clients:kiosk:MaxPerUser"] = "1",
        ["Sessions:Clients:kiosk:LimitPolicy"] = "RejectNew",
        ["Auth:BootstrapAdmin:Email"] = AdminEmail,
        ["Auth:BootstrapAdmin:Password"] = "correct horse battery",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IOutgoingGrainCallFilter>(Recorder));
    }
}
