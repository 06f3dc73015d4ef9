using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The embedded Api with a <see cref="GrainCallRecorder"/> on the grain calls it makes.</summary>
public sealed class RecordingApiFactory : ApiFactory
{
    public GrainCallRecorder Recorder { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IOutgoingGrainCallFilter>(Recorder));
    }
}
