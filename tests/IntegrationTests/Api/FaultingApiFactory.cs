using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansSessions.IntegrationTests.Grains;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The embedded Api whose silo fails or loses the answer of grain calls a test arms (<see cref="GrainCallFaults"/>).</summary>
public sealed class FaultingApiFactory : ApiFactory
{
    public GrainCallFaults Faults { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IIncomingGrainCallFilter>(Faults));
    }
}
