using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.Bench;

/// <summary>
/// The service API's figures: <c>POST /service/sessions</c> throughput, p99 and CPU per session, with a new external
/// user on every request (the worst case: an activation, the first reminder and the device history each time) and
/// with returning users (no password hash in either path), and <c>GET /auth/me</c> with a backend's custom claims in the token against
/// the same without (target: within 5%).
/// </summary>
public static class ServiceSessions
{
    /// <summary>Custom claims of a typical size (about 300 bytes): a tenant, a plan, permissions, a profile object.</summary>
    private static readonly object TypicalClaims = new
    {
        tenant = "acme-corporation",
        plan = "enterprise",
        permissions = new[] { "orders:read", "orders:write", "invoices:read", "reports:read", "users:invite" },
        profile = new { display_name = "Ada Lovelace", locale = "en-GB", time_zone = "Europe/London" },
        org_unit = "engineering/platform",
        employee = true,
    };

    /// <summary>External users that come back (one session each before the run, then new ones at random among them).</summary>
    private const int ReturningUsers = 8000;

    /// <summary>
    /// Long enough for most of the silo's tiered JIT (a third of its CPU in the first seconds): the figure is the steady
    /// state, not the start-up. BENCH_SERVICE_WARMUP (seconds) sets it.
    /// </summary>
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("BENCH_SERVICE_WARMUP") ?? "30", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Concurrent requests of the session-opening runs (BENCH_SERVICE_CONNECTIONS, 128): the figure is a throughput, so
    /// it is taken where the cluster is saturated with requests in flight, as backends opening 5,000 sessions/s at some
    /// 20 ms each would keep about 100 in flight. With fewer, the two cores are as busy but each thread and socket wake-up
    /// carries fewer requests (4.8 context switches per session at 32 connections, 2.1 at 128: docs/benchmarks.md); the
    /// returning users are measured at the suite's BENCH_CONNECTIONS too, so both figures are printed.
    /// </summary>
    public static int OpeningConnections { get; } = int.Parse(Environment.GetEnvironmentVariable("BENCH_SERVICE_CONNECTIONS") ?? "128", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// BENCH_SERVICE_QUICK=1: the returning users' run alone (about a minute), no new users and no <c>/auth/me</c>;
    /// BENCH_SERVICE_QUICK=new: the new users' run alone, after as long a warm-up of new users; BENCH_SERVICE_QUICK=me:
    /// the <c>/auth/me</c> rounds alone. For comparing two builds turn about, as the machine's
    /// speed drifts between runs.
    /// </summary>
    private static string? Quick => Environment.GetEnvironmentVariable("BENCH_SERVICE_QUICK");

    /// <summary>
    /// Session-opening runs at <see cref="OpeningConnections"/> (CPU per request = per session), the returning users
    /// again at the suite's connections, how long the cluster took to go quiet after them, and the rounds of
    /// <c>/auth/me</c> with claims (A) and without (B). A quick run (BENCH_SERVICE_QUICK) leaves out what it does not run.
    /// </summary>
    public sealed record Figures(
        MeteredRun? NewUsers,
        MeteredRun? ReturningUsers,
        MeteredRun? ReturningAtSuiteConnections,
        TimeSpan? Settled,
        IReadOnlyList<(MeteredRun With, MeteredRun Without)> MeRounds);

    /// <summary>
    /// The cluster the service API is measured on: the suite's settings with an EC P-256 signing key (ES256). Every
    /// session signs an access token, and an RSA-2048 signature costs about 0.4 ms of a core, which alone would cap
    /// session creation near 5,000/s on two cores; ES256 signs some 15 times faster.
    /// </summary>
    public static async Task<LocalCluster> StartClusterAsync(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyFile = Path.Combine(folder, "service-es256.pem");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        var settings = Contenders.ClusterSettings;
        settings["Jwt__SigningKeyFile"] = keyFile;
        return await LocalCluster.StartAsync(silos: 1, apis: 1, settings);
    }

    public static async Task<Figures> MeasureAsync(LocalCluster cluster, string folder, int users, int connections, TimeSpan duration, int rounds)
    {
        var api = cluster.Apis[0].BaseAddress;
        if (Quick == "me")
        {
            return new Figures(null, null, null, null, await MeRoundsAsync(cluster, folder, users, connections, duration, rounds));
        }

        var open = new Uri(api, "/service/sessions");
        if (Quick == "new")
        {
            await OpenSessionsAsync(open, OpeningConnections, Warmup, returningUsers: 0);
            return new Figures(await OpenAsync(cluster, open, OpeningConnections, duration, returningUsers: 0), null, null, null, []);
        }

        // The returning users first, on a cluster that holds only them: after the new users' run the silo is busy for
        // minutes with their 100,000 cold activations (their maintenance flushes, then their idle collection), which
        // the 90 s quiet wait did not outlast on a slow machine and which is not the returning users' cost. The
        // warm-up is their own run.
        await TokensAsync(api, ReturningUsers, null, Path.Combine(folder, "service-returning-tokens.txt"), i => $"bench-return|{i}");
        await OpenSessionsAsync(open, OpeningConnections, Warmup, ReturningUsers);
        var returning = await OpenAsync(cluster, open, OpeningConnections, duration, ReturningUsers);
        if (Quick == "1")
        {
            return new Figures(null, returning, null, null, []);
        }

        var returningAtSuiteConnections = await OpenAsync(cluster, open, connections, duration, ReturningUsers);
        // The new users' paths (activation, first reads and writes) have their own JIT warm-up: after 10 s the silo's
        // tiered JIT still took 16-24% of its samples, and a quick run of new users measured 2,580-2,766/s after 15 s
        // against 3,231/s after 60 s.
        await OpenSessionsAsync(open, OpeningConnections, Warmup, returningUsers: 0);
        var newUsers = await OpenAsync(cluster, open, OpeningConnections, duration, returningUsers: 0);

        var settled = await MeteredRun.WaitUntilQuietAsync(cluster, TimeSpan.FromSeconds(90));
        return new Figures(newUsers, returning, returningAtSuiteConnections, settled, await MeRoundsAsync(cluster, folder, users, connections, duration, rounds));
    }

    /// <summary>Rounds of <c>GET /auth/me</c> with custom claims in the token (A) and without (B), for as many users each.</summary>
    private static async Task<IReadOnlyList<(MeteredRun With, MeteredRun Without)>> MeRoundsAsync(
        LocalCluster cluster, string folder, int users, int connections, TimeSpan duration, int rounds)
    {
        var api = cluster.Apis[0].BaseAddress;
        var with = await TokensAsync(api, users, TypicalClaims, Path.Combine(folder, "service-claims-tokens.txt"));
        var without = await TokensAsync(api, users, null, Path.Combine(folder, "service-plain-tokens.txt"));
        var me = new Uri(api, "/auth/me");
        // Warm-up of both paths (tiered JIT): with a shorter one, the first round measured after a quick run's fresh
        // start cost the Api node 63 us per request against 37 in the next.
        await Wrk.RunAsync(me, with, connections, TimeSpan.FromSeconds(10));
        await Wrk.RunAsync(me, without, connections, TimeSpan.FromSeconds(10));
        return await MeteredRun.AlternateAsync(
            rounds,
            () => MeteredRun.MeasureAsync(cluster, duration, () => Wrk.RunAsync(me, with, connections, duration)),
            () => MeteredRun.MeasureAsync(cluster, duration, () => Wrk.RunAsync(me, without, connections, duration)));
    }

    private static Task<MeteredRun> OpenAsync(LocalCluster cluster, Uri open, int connections, TimeSpan duration, int returningUsers) =>
        MeteredRun.MeasureAsync(cluster, duration, () => OpenSessionsAsync(open, connections, duration, returningUsers));

    /// <summary>wrk opening service sessions (<c>service.lua</c>) for returning users picked among that many, or new ones with 0.</summary>
    private static Task<Wrk.Result> OpenSessionsAsync(Uri open, int connections, TimeSpan duration, int returningUsers) =>
        Wrk.RunScriptAsync("service.lua", open, connections, duration, Contenders.ServiceKey, $"{returningUsers}");

    /// <summary>Opens one service session for each of <paramref name="users"/> new external users; their access tokens, one per line.</summary>
    private static async Task<string> TokensAsync(Uri api, int users, object? claims, string path, Func<int, string>? userId = null)
    {
        userId ??= i => $"bench-me|{i}.{Guid.NewGuid():N}";
        using var http = Contenders.Client(api);
        http.DefaultRequestHeaders.Add("X-Api-Key", Contenders.ServiceKey);
        using var gate = new SemaphoreSlim(16);
        var tokens = await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var response = await http.PostAsJsonAsync("/service/sessions", new { user_id = userId(i), claims });
                response.EnsureSuccessStatusCode();
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
            }
            finally
            {
                gate.Release();
            }
        }));
        await File.WriteAllLinesAsync(path, tokens);
        return path;
    }
}
