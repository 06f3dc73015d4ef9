using OrleansSessions.IntegrationTests.Infrastructure;
using OrleansSessions.NetworkTests.Load;
using Xunit.Abstractions;

namespace OrleansSessions.NetworkTests.Cluster;

/// <summary>
/// Faults of real networks under a steady load over both Api nodes: a silo cut off from the other silos for 45 s, and
/// a rolling deploy (each silo stopped with SIGTERM and started again in turn). Revocation, the limit and every
/// acknowledged session must hold throughout; the figures go to <c>artifacts/test-figures.txt</c>.
/// </summary>
public sealed class NetworkFaultTests(NetworkClusterFixture fixture, ITestOutputHelper output) : IClassFixture<NetworkClusterFixture>
{
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan AfterHeal = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task A_silo_cut_off_from_the_other_silos_for_45_s_breaks_no_promise()
    {
        var nodes = await fixture.ReadyAsync();
        var cluster = fixture.Cluster;
        var load = new SessionWorkload(nodes, NetworkCluster.MaxSessionsPerUser);
        await load.PrepareAsync();
        using var stop = new CancellationTokenSource();
        var run = load.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var cutAt = load.Now;
        cluster.CutOffSilo(2);
        var cutOff = cluster.Silos[2];
        TimeSpan? stoppedItself = null;
        _ = cutOff.WaitForExitAsync(Cut + AfterHeal).ContinueWith(t => stoppedItself = t.IsCompletedSuccessfully ? load.Now - cutAt : null, TaskScheduler.Default);
        WindowFigures during, afterHeal;
        TimeSpan healAt;
        try
        {
            await Task.Delay(Cut);
        }
        finally
        {
            healAt = load.Now;
            cluster.Heal(2);
        }

        await Task.Delay(AfterHeal);
        stop.Cancel();
        await run;
        during = load.Window(cutAt, healAt);
        afterHeal = load.Window(healAt, healAt + AfterHeal);
        var end = await load.CheckEverySessionAsync();

        Figures.Report(output, $"network partition, 1 of 3 silos cut off from the others for {Cut.TotalSeconds:0} s: during the cut {during}");
        Figures.Report(output, $"network partition, the {AfterHeal.TotalSeconds:0} s after the heal: {afterHeal}; the cut-off silo "
            + (stoppedItself is { } stopped ? $"stopped itself {stopped.TotalSeconds:0.0} s after the cut (declared dead by the others)" : "was still running"));
        Figures.Report(output, $"network partition, after the heal: {end}; {load.Logins} logins answered 200, "
            + $"logins/logouts not answered 200/204: {Summary(load.CallFailures)}");
        foreach (var line in end.Problems.Take(20).Concat(load.Explain(TimeSpan.Zero, load.Now)))
        {
            output.WriteLine(line);
        }

        Assert.Equal(0, during.Violations + afterHeal.Violations + load.Window(TimeSpan.Zero, cutAt).Violations);
        Assert.True(during.FailedPercent < 1.0, during.ToString());
        Assert.Equal(0, afterHeal.Failed);
        Assert.Equal(0, during.RevokedRefreshesNot401 + afterHeal.RevokedRefreshesNot401); // 401 at once, also while a silo is cut off
        Assert.Equal(0, end.Lost);
        Assert.Equal(0, end.Overshoots);
        Assert.Equal(0, end.Phantoms);
        Assert.Equal(0, end.RevokedRefreshesNot401);
    }

    [SkippableFact]
    public async Task A_rolling_deploy_under_load_revokes_exactly_and_loses_nothing()
    {
        var nodes = await fixture.ReadyAsync();
        var cluster = fixture.Cluster;
        var load = new SessionWorkload(nodes, NetworkCluster.MaxSessionsPerUser);
        await load.PrepareAsync();
        using var stop = new CancellationTokenSource();
        var run = load.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var startedAt = load.Now;
        for (var i = 0; i < cluster.Silos.Length; i++)
        {
            var stopping = load.Now;
            await cluster.Silos[i].StopGracefullyAsync(TimeSpan.FromSeconds(60));
            var stopped = load.Now;
            await cluster.RestartSiloAsync(i);
            output.WriteLine($"silo {i + 1}: SIGTERM at {stopping.TotalSeconds:0.0} s, exited after {(stopped - stopping).TotalSeconds:0.0} s, serving again after {(load.Now - stopped).TotalSeconds:0.0} s");
        }

        var deployedAt = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(3));
        stop.Cancel();
        await run;
        var figures = load.Window(startedAt, deployedAt);
        var end = await load.CheckEverySessionAsync();

        Figures.Report(output, $"rolling deploy (SIGTERM and restart of each of 3 silos in turn, {(deployedAt - startedAt).TotalSeconds:0} s): {figures}");
        Figures.Report(output, $"rolling deploy, after it: {end}; {load.Logins} logins answered 200, "
            + $"logins/logouts not answered 200/204: {Summary(load.CallFailures)}");
        foreach (var line in end.Problems.Take(20).Concat(load.Explain(startedAt, deployedAt)))
        {
            output.WriteLine(line);
        }

        // Issue #13 is open for two goals not met yet, reported above and not asserted: logins can be answered 503 while
        // a silo shuts down, and such a login once opened a session that evicted another (its /auth/me then failed).
        // Asserted is what held in every run: no revoked token answered 200, logouts never fail, a refused login is a
        // 503 (never a 500), nothing acknowledged is lost, no user over the limit.
        Assert.Equal(0, figures.Violations);
        Assert.DoesNotContain(load.CallFailures, f => !f.StartsWith("login", StringComparison.Ordinal));
        Assert.All(load.CallFailures, f => Assert.EndsWith(": 503", f, StringComparison.Ordinal));
        Assert.Equal(0, end.Lost);
        Assert.Equal(0, end.Overshoots);
        Assert.Equal(0, end.Phantoms);
        Assert.Equal(0, end.RevokedRefreshesNot401);
    }

    private static string Summary(IEnumerable<string> failures)
    {
        var groups = failures.GroupBy(f => f).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        return groups.Count == 0 ? "none" : string.Join(", ", groups);
    }
}
