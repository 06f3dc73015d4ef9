using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Small throttling limits, one trusted proxy, and per-request connection addresses.</summary>
public sealed class ThrottlingApiFactory : ApiFactory
{
    public const string TrustedProxy = "10.9.9.9";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Throttling:MaxFailuresPerAccount"] = "3",
        ["Throttling:FailureWindow"] = "00:10:00",
        ["Throttling:MaxLoginsPerIpPerMinute"] = "5",
        ["ForwardedHeaders:TrustedProxies"] = $"{TrustedProxy},192.168.50.0/24",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientAddressStartupFilter>());
    }
}
