using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// Makes the Orleans dashboard read Orleans' meter at its counter interval (<c>Dashboard__CounterUpdateIntervalMs</c>)
/// instead of every second. Microsoft.Orleans.Dashboard 10.4 reads it through an OpenTelemetry reader whose interval is
/// fixed at 1,000 ms (<c>DashboardHost.ExportIntervalMilliseconds</c>: internal, no option), whatever the counter
/// interval says, and two of the gauges that reader observes (the catalog's request count, the directory cache's size)
/// walk every activation. With some 120,000 users in memory that reader took 8% of the silo's CPU while it opened
/// sessions (docs/benchmarks.md). The dashboard's counters page then refreshes at the counter interval, as its silo
/// statistics (CPU, memory, activations) always did. The setting is made on the dashboard's own host, created as the
/// dashboard registers it; if a later package has no such property, the dashboard keeps its own interval and a test
/// (<c>DashboardCounterExportTests</c>) fails.
/// </summary>
internal static class DashboardCounterExport
{
    private const string HostTypeName = "Orleans.Dashboard.DashboardHost";
    private const string IntervalPropertyName = "ExportIntervalMilliseconds";

    /// <summary>The dashboard's host type, the one <see cref="Align"/> changes (for tests).</summary>
    internal static Type? HostType => typeof(DashboardOptions).Assembly.GetType(HostTypeName);

    /// <summary>The interval the host <paramref name="host"/> reads Orleans' meter at, or null when it has none to read.</summary>
    internal static int? IntervalOf(object host) => IntervalProperty(host.GetType())?.GetValue(host) as int?;

    /// <summary>
    /// After <c>AddDashboard</c>: the dashboard's host is created with its meter read every
    /// <paramref name="intervalMilliseconds"/>. Nothing changes when the package no longer has what this sets.
    /// </summary>
    public static void Align(IServiceCollection services, int intervalMilliseconds)
    {
        var hostType = HostType;
        var interval = hostType is null ? null : IntervalProperty(hostType);
        var registration = services.LastOrDefault(d => d.ServiceType == hostType && !d.IsKeyedService);
        if (hostType is null || interval?.SetMethod is null || registration is null)
        {
            return;
        }

        services.Remove(registration);
        services.AddSingleton(hostType, provider =>
        {
            var host = ActivatorUtilities.CreateInstance(provider, hostType);
            interval.SetValue(host, intervalMilliseconds);
            return host;
        });
    }

    private static PropertyInfo? IntervalProperty(Type hostType) =>
        hostType.GetProperty(IntervalPropertyName, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) is { PropertyType: var type } property
        && type == typeof(int)
            ? property
            : null;
}
