using OrleansSessions.Testing.Processes;

namespace OrleansSessions.Bench;

/// <summary>
/// A wrk run against a one-silo, one-Api cluster with the CPU each of its processes spent per request (ms of a core),
/// and wrk's own. On this shared two-core machine throughput moves ±20% between runs of the same code (wrk, Redis and
/// both processes contend for the cores, and the machine's own speed drifts); the CPU a request costs is the steadier
/// figure.
/// </summary>
public sealed record MeteredRun(
    Wrk.Result Run, double SiloCpuMsPerRequest, double ApiCpuMsPerRequest, double RedisCpuMsPerRequest, double WrkCpuMsPerRequest)
{
    public static async Task<MeteredRun> MeasureAsync(LocalCluster cluster, TimeSpan duration, Func<Task<Wrk.Result>> run)
    {
        var (silo, api, redis) = (cluster.Silos[0].ProcessId, cluster.Apis[0].ProcessId, cluster.Redis.ProcessId);
        var (siloCpu, apiCpu, redisCpu, wrkCpu) = (AtScale.CpuSeconds(silo), AtScale.CpuSeconds(api), RedisCpuSeconds(redis), FinishedChildrenCpuSeconds());
        var result = await run();
        var requests = Math.Max(1, result.RequestsPerSecond * duration.TotalSeconds);
        return new MeteredRun(
            result,
            1000 * (AtScale.CpuSeconds(silo) - siloCpu) / requests,
            1000 * (AtScale.CpuSeconds(api) - apiCpu) / requests,
            1000 * (RedisCpuSeconds(redis) - redisCpu) / requests,
            1000 * (FinishedChildrenCpuSeconds() - wrkCpu) / requests);
    }

    /// <summary>
    /// The CPU of this runner's children that have ended: during a run only wrk ends (the cluster's processes and Redis
    /// outlive it), so the growth over a run is wrk's.
    /// </summary>
    private static double FinishedChildrenCpuSeconds() => AtScale.ChildrenCpuSeconds(Environment.ProcessId);

    /// <summary>
    /// Redis's CPU with that of its finished children: an AOF rewrite is a forked child, and a heavy write load
    /// triggers several. A child still running when the run ends is counted by the next run.
    /// </summary>
    private static double RedisCpuSeconds(int? processId) =>
        processId is { } id ? AtScale.CpuSeconds(id) + AtScale.ChildrenCpuSeconds(id) : 0;

    /// <summary>
    /// Waits until the cluster's silo and Api node are quiet (under 5% of a core each over a second, twice in a row),
    /// at most <paramref name="limit"/>: what an earlier phase left behind (grains flushing, reminders moving, events
    /// being delivered) must not be measured as the next phase's cost. How long it took.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilQuietAsync(LocalCluster cluster, TimeSpan limit)
    {
        var processes = new[] { cluster.Silos[0].ProcessId, cluster.Apis[0].ProcessId };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var quietSeconds = 0;
        while (quietSeconds < 2 && waited.Elapsed < limit)
        {
            var before = processes.Select(AtScale.CpuSeconds).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(1));
            var busy = processes.Select((p, i) => AtScale.CpuSeconds(p) - before[i]).Max();
            quietSeconds = busy < 0.05 ? quietSeconds + 1 : 0;
        }

        return waited.Elapsed;
    }

    /// <summary>
    /// Rounds of an A/B pair, every other round in the other order, so a drift of the machine during a round favours
    /// neither side.
    /// </summary>
    public static async Task<IReadOnlyList<(MeteredRun A, MeteredRun B)>> AlternateAsync(int rounds, Func<Task<MeteredRun>> a, Func<Task<MeteredRun>> b)
    {
        var pairs = new List<(MeteredRun, MeteredRun)>();
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                var first = await a();
                pairs.Add((first, await b()));
            }
            else
            {
                var first = await b();
                pairs.Add((await a(), first));
            }
        }

        return pairs;
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// One line comparing the A side of <paramref name="pairs"/> with the B side. The ratio is the median of the rounds'
    /// own ratios: the two runs of a round are taken one after the other, so a slow spell of the machine that spans
    /// rounds moves both sides of a round alike, while medians taken of each side apart can come from different spells
    /// (rounds 0.96, 0.84 and 1.00 once gave 0.84x that way). Each side's medians follow, with each process's CPU per request.
    /// </summary>
    public static string Compare(IReadOnlyList<(MeteredRun A, MeteredRun B)> pairs)
    {
        var ratios = pairs.Select(p => p.A.Run.RequestsPerSecond / p.B.Run.RequestsPerSecond).ToList();
        var cpuRatios = pairs.Select(p => p.A.ApiCpuMsPerRequest / p.B.ApiCpuMsPerRequest);
        var (a, b) = (pairs.Select(p => p.A).ToList(), pairs.Select(p => p.B).ToList());
        var (rpsA, rpsB) = (Median(a.Select(r => r.Run.RequestsPerSecond)), Median(b.Select(r => r.Run.RequestsPerSecond)));
        var (apiA, apiB) = (Median(a.Select(r => r.ApiCpuMsPerRequest)), Median(b.Select(r => r.ApiCpuMsPerRequest)));
        var (siloA, siloB) = (Median(a.Select(r => r.SiloCpuMsPerRequest)), Median(b.Select(r => r.SiloCpuMsPerRequest)));
        return $"throughput {Median(ratios):0.00}x (rounds {string.Join(", ", ratios.Select(r => r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}; "
            + $"medians {rpsA:0} vs {rpsB:0} req/s); Api node CPU per request {Median(cpuRatios):0.00}x "
            + $"({1000 * apiA:0.0} vs {1000 * apiB:0.0} us); silo CPU per request {1000 * siloA:0.0} vs {1000 * siloB:0.0} us";
    }
}
