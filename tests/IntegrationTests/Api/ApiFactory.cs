using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The real Api in embedded mode (co-hosted silo, in-memory state) on its own ports, with a movable clock.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>The hosting environment: Production, as in containers, unless a test is about Development.</summary>
    protected virtual string Environment => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:ClusterId", $"api-tests-{Guid.NewGuid():N}");
        // The test server has no client address, so every test shares one; throttling has its own tests (and the operator
        // sign-in's limit: OperatorSignInLimitTests).
        builder.UseSetting("Throttling:MaxLoginsPerIpPerMinute", "1000000");
        builder.UseSetting("Throttling:MaxRegistrationsPerIpPerHour", "1000000");
        builder.UseSetting("Dashboard:MaxFailedSignIns", "100");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddKeyedSingleton<TimeProvider>(SessionClock.Key, Clock));
    }
}
