using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansSessions.Grains.Operators;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// The dashboard reads Orleans' meter (whose gauges walk every activation) at the counter interval, not at its package's
/// fixed second: this fails when a new Microsoft.Orleans.Dashboard no longer has what <see cref="DashboardCounterExport"/> sets.
/// </summary>
public sealed class DashboardCounterExportTests(OperatorApiFactory factory) : IClassFixture<OperatorApiFactory>
{
    [Fact]
    public void The_running_dashboard_reads_Orleans_meter_at_the_counter_interval()
    {
        _ = factory.CreateClient(); // starts the host, and with it the dashboard
        var hostType = DashboardCounterExport.HostType;
        Assert.NotNull(hostType);

        var host = factory.Services.GetRequiredService(hostType);

        Assert.Equal(5000, DashboardCounterExport.IntervalOf(host));
        Assert.Contains(factory.Services.GetServices<IHostedService>(), hosted => ReferenceEquals(hosted, host));
    }
}
