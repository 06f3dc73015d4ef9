// OrleansSessions benchmark suite: `./bench.sh` (see docs/benchmarks.md). Drives the real services over HTTP with
// wrk, in alternating rounds on this machine, and prints every figure with the targets of the performance issue.
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansSessions.Bench;
using OrleansSessions.Testing.Processes;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var rounds = int.Parse(Environment.GetEnvironmentVariable("BENCH_ROUNDS") ?? "3", CultureInfo.InvariantCulture);
var seconds = int.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "5", CultureInfo.InvariantCulture);
var connections = int.Parse(Environment.GetEnvironmentVariable("BENCH_CONNECTIONS") ?? "32", CultureInfo.InvariantCulture);
const int users = 200;
var duration = TimeSpan.FromSeconds(seconds);
var folder = Directory.CreateTempSubdirectory("orleans-sessions-bench-").FullName;
void Say(string line) => Console.WriteLine(line);

// BENCH_ONLY runs one part alone: grain-creation (in-process, BENCH_ROUNDS times), memory (the at-scale fill), me
// (the GET /auth/me contenders and their ratios, GET /auth/check among them), check (GET /auth/check against
// GET /auth/me on one cluster, nothing else), service (the service API: session creation, /auth/me with claims),
// activation-memory, scale or events (login, refresh and /auth/me with session events on against off, and the
// delivery lag).
var meOnly = false;
var checkOnly = false;
switch (Environment.GetEnvironmentVariable("BENCH_ONLY"))
{
    case null or "":
        break;
    case "me":
        meOnly = true;
        break;
    case "check":
        meOnly = checkOnly = true;
        break;
    case "events":
        await EventsBench.RunAsync(Say, rounds, duration, connections, folder);
        return;
    case "grain-creation":
        for (var round = 1; round <= rounds; round++)
        {
            Say($"session creation through the grain, in-process, no hashing: {await GrainCreation.MeasureAsync(duration):0} /s (round {round})");
        }

        return;
    case "memory":
        await using (var alone = await LocalCluster.StartAsync(silos: 1, apis: 1, Contenders.ClusterSettings))
        {
            var filled = await AtScale.FillAsync(alone, ScaleUsers(), folder, Settle());
            SayMemory(filled);
        }

        return;
    case "activation-memory":
        SayActivationMemory(await ActivationMemory.MeasureAsync(ScaleUsers()));
        return;
    case "scale":
        // Validation p99 on one cluster before and after the fill, with the silo's CPU during each round.
        await using (var alone = await LocalCluster.StartAsync(silos: 1, apis: 1, Contenders.ClusterSettings))
        {
            var me = new Uri(alone.Apis[0].BaseAddress, "/auth/me");
            var small = await Contenders.OrleansUsersAsync(alone.Apis[0].BaseAddress, users, folder, "small");
            await Wrk.RunAsync(me, small.TokensFile, connections, TimeSpan.FromSeconds(2));
            var before = await ScaleRoundsAsync(alone, me, small.TokensFile, "small data");
            var filled = await AtScale.FillAsync(alone, ScaleUsers(), folder, Settle());
            SayMemory(filled);
            var after = await ScaleRoundsAsync(alone, me, filled.TokensFile, "at scale");
            Say($"  /auth/me p99 at scale vs small data: {after:0.00} ms vs {before:0.00} ms = {100 * (after / before - 1):+0;-0}% (target within 20%)");
        }

        return;
    case "service":
        await using (var alone = await ServiceSessions.StartClusterAsync(folder))
        {
            SayService(await ServiceSessions.MeasureAsync(alone, folder, users, connections, duration, rounds));
        }

        return;
    case var other:
        throw new ArgumentException(
            $"BENCH_ONLY={other}: the parts that run alone are grain-creation, activation-memory, memory, me, check, service, scale and events.");
}

// The fill touches every grain in a burst; memory and validation at that size are measured once it has passed: two
// maintenance intervals (30 s each), after which the grains the fill left idle have stopped their timers.
static TimeSpan Settle() => TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE_SETTLE") ?? "65", CultureInfo.InvariantCulture));

static int ScaleUsers() => int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE_USERS") ?? "20000", CultureInfo.InvariantCulture);

async Task<double> ScaleRoundsAsync(LocalCluster on, Uri me, string tokensFile, string label)
{
    var p99s = new List<double>();
    using var silo = on.OperatorClient(on.Silos[0]);
    for (var round = 1; round <= rounds; round++)
    {
        var siloCpu = AtScale.CpuSeconds(on.Silos[0].ProcessId);
        var gc = await AtScale.GcSoFarAsync(silo);
        var result = await Wrk.RunAsync(me, tokensFile, connections, duration);
        siloCpu = AtScale.CpuSeconds(on.Silos[0].ProcessId) - siloCpu;
        var gcAfter = await AtScale.GcSoFarAsync(silo);
        p99s.Add(result.P99Ms);
        Say($"  {label} round {round}: {result.RequestsPerSecond:0} req/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, "
            + $"silo CPU {100 * siloCpu / duration.TotalSeconds:0}% of a core, silo GCs {gcAfter.Collections - gc.Collections} "
            + $"pausing {1000 * (gcAfter.PauseSeconds - gc.PauseSeconds):0} ms, non-2xx {result.Non2xx}");
    }

    return MeteredRun.Median(p99s);
}

void SayService(ServiceSessions.Figures figures)
{
    if (figures.ReturningUsers is { } returning)
    {
        SayServiceRun("returning users (8,000, at random)", returning, ServiceSessions.OpeningConnections);
    }

    if (figures.ReturningAtSuiteConnections is { } fewer)
    {
        SayServiceRun("the same users", fewer, connections);
    }

    if (figures.NewUsers is { } newUsers)
    {
        SayServiceRun("a new external user each", newUsers, ServiceSessions.OpeningConnections);
    }

    if (figures.MeRounds.Count == 0)
    {
        return;
    }

    if (figures.Settled is { } settled)
    {
        Say($"  (the cluster went quiet {settled.TotalSeconds:0} s after the session-opening runs; then /auth/me)");
    }

    foreach (var (with, without) in figures.MeRounds)
    {
        Say($"  GET /auth/me with custom claims in the token {with.Run.RequestsPerSecond,9:0} req/s p99 {with.Run.P99Ms,6:0.00} ms Api {1000 * with.ApiCpuMsPerRequest,5:0.0} us/req | "
            + $"without {without.Run.RequestsPerSecond,9:0} req/s p99 {without.Run.P99Ms,6:0.00} ms Api {1000 * without.ApiCpuMsPerRequest,5:0.0} us/req");
    }

    Say($"  /auth/me with claims / without, median of the rounds: {MeteredRun.Compare(figures.MeRounds)} (target: within 5%)");
}

void SayServiceRun(string who, MeteredRun figure, int concurrent)
{
    var open = figure.Run;
    Say($"POST /service/sessions (cluster of 1 silo + 1 Api, ES256, {who}, {concurrent} connections, no password hash): {open.RequestsPerSecond:0} sessions/s, "
        + $"p50 {open.P50Ms:0.00} ms, p99 {open.P99Ms:0.00} ms, non-2xx {open.Non2xx}; CPU per session: silo {figure.SiloCpuMsPerRequest:0.00} ms, "
        + $"Api {figure.ApiCpuMsPerRequest:0.00} ms, Redis {figure.RedisCpuMsPerRequest:0.00} ms, wrk {figure.WrkCpuMsPerRequest:0.00} ms (target >= 5,000 /s)");
}

void SayActivationMemory(ActivationMemory.Figures figures)
{
    Say($"heap per activation, in-process with Redis storage, timers stopped: empty Orleans grain {figures.EmptyGrain:0} bytes, "
        + $"user grain without sessions {figures.UserWithoutSessions:0} bytes, with 5 sessions {figures.UserWithFiveSessions:0} bytes");
}

void SayMemory(AtScale.Figures figures)
{
    Say($"at scale: {figures.Sessions:N0} sessions ({figures.Users:N0} users x 5) opened through the grains, measured {Settle().TotalSeconds:0} s after the fill");
    Say($"  Redis memory per session: {figures.RedisBytesPerSession:0} bytes (target <= 250)");
    Say($"  silo live managed heap per active user (after a forced full GC): {figures.SiloHeapBytesPerUser:0} bytes (target <= 3 KB); "
        + $"resident memory per user: {figures.SiloBytesPerUser:0} bytes");
}

Say($"OrleansSessions benchmarks on {Environment.ProcessorCount} cores: {rounds} rounds x {seconds} s, wrk -t2 -c{connections}, {users} users per contender");

if (!meOnly)
{
    var grainRate = await GrainCreation.MeasureAsync(duration);
    Say($"session creation through the grain, in-process, no hashing: {grainRate:0} /s (target >= 20,000 /s)");
    SayActivationMemory(await ActivationMemory.MeasureAsync(20_000));
}

await using var cluster = await LocalCluster.StartAsync(silos: 1, apis: 1, Contenders.ClusterSettings);
var clusterUsers = await Contenders.OrleansUsersAsync(cluster.Apis[0].BaseAddress, users, folder, "cluster");
var clusterContenders = new List<Contender>
{
    new("cluster", new Uri(cluster.Apis[0].BaseAddress, "/auth/me"), clusterUsers.TokensFile),
    // The forward-auth check a gateway makes: the same token and session check, headers instead of a body.
    new(Contenders.CheckName, new Uri(cluster.Apis[0].BaseAddress, "/auth/check"), clusterUsers.TokensFile),
};
await using var embedded = checkOnly ? null : Contenders.StartEmbeddedApi();
await using var peer = checkOnly ? null : Contenders.StartPeer(cluster);
await using var plain = checkOnly ? null : Contenders.StartPlain();
if (embedded is not null && peer is not null && plain is not null)
{
    await embedded.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(90));
    await peer.WaitUntilReadyAsync("/health", TimeSpan.FromSeconds(90));
    await plain.WaitUntilReadyAsync(Contenders.PlainPath, TimeSpan.FromSeconds(90));
    var embeddedUsers = await Contenders.OrleansUsersAsync(embedded.BaseAddress, users, folder, "embedded");
    var peerTokens = await Contenders.PeerTokensAsync(peer.BaseAddress, users, folder);
    clusterContenders.AddRange(
    [
        new("embedded", new Uri(embedded.BaseAddress, "/auth/me"), embeddedUsers.TokensFile),
        new("peer (Redis GET)", new Uri(peer.BaseAddress, "/auth/me"), peerTokens),
        new("stateless JWT", new Uri(peer.BaseAddress, "/stateless/me"), peerTokens),
        new("plain (no auth)", new Uri(plain.BaseAddress, Contenders.PlainPath), clusterUsers.TokensFile), // same headers, ignored
    ]);
}

var contenders = clusterContenders.ToArray();

foreach (var contender in contenders)
{
    await Wrk.RunAsync(contender.MeUrl, contender.TokensFile, connections, TimeSpan.FromSeconds(2)); // warm-up
}

var results = contenders.ToDictionary(c => c.Name, _ => new List<Wrk.Result>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var contender in contenders)
    {
        var result = await Wrk.RunAsync(contender.MeUrl, contender.TokensFile, connections, duration);
        results[contender.Name].Add(result);
        Say($"  round {round} {contender.Name,-20} {result.RequestsPerSecond,9:0} req/s  p50 {result.P50Ms,6:0.00} ms  p99 {result.P99Ms,6:0.00} ms  non-2xx {result.Non2xx}");
    }
}

Say("");
Say("GET /auth/me, medians over the rounds:");
var medians = contenders.ToDictionary(
    c => c.Name,
    c => (Rps: MeteredRun.Median(results[c.Name].Select(r => r.RequestsPerSecond)), P50: MeteredRun.Median(results[c.Name].Select(r => r.P50Ms)), P99: MeteredRun.Median(results[c.Name].Select(r => r.P99Ms))));
foreach (var (name, m) in medians)
{
    Say($"  {name,-20} {m.Rps,9:0} req/s  p50 {m.P50,6:0.00} ms  p99 {m.P99,6:0.00} ms");
}

var clusterMe = medians["cluster"];
var checkMe = medians[Contenders.CheckName];
Say($"  /auth/check / /auth/me throughput:  {checkMe.Rps / clusterMe.Rps:0.00}x (as cheap: about 1.0x; p99 {checkMe.P99:0.00} vs {clusterMe.P99:0.00} ms)");
if (checkOnly)
{
    return;
}

var peerMe = medians["peer (Redis GET)"];
var statelessMe = medians["stateless JWT"];
var plainMe = medians["plain (no auth)"];
string RoundRatios(string over) =>
    string.Join(", ", results["cluster"].Zip(results[over], (c, o) => $"{c.RequestsPerSecond / o.RequestsPerSecond:0.00}x"));
Say($"  cluster / peer throughput:          {clusterMe.Rps / peerMe.Rps:0.00}x (target >= 2.0x; rounds: {RoundRatios("peer (Redis GET)")})");
Say($"  cluster / plain endpoint throughput: {clusterMe.Rps / plainMe.Rps:0.00}x (target >= 0.7x; rounds: {RoundRatios("plain (no auth)")})");
Say($"  cluster / stateless JWT throughput: {clusterMe.Rps / statelessMe.Rps:0.00}x (target >= 0.8x)");
Say($"  cluster p99 vs peer p99:            {clusterMe.P99:0.00} ms vs {peerMe.P99:0.00} ms (target: no worse)");
Say($"  embedded / peer throughput:         {medians["embedded"].Rps / peerMe.Rps:0.00}x");
if (meOnly)
{
    return;
}

using var api = Contenders.Client(cluster.Apis[0].BaseAddress);
var refreshTokens = clusterUsers.RefreshTokens.Take(32).ToArray();
var refreshRate = await ClosedLoop.RunAsync(refreshTokens.Length, duration, async worker =>
{
    var response = await api.PostAsJsonAsync("/auth/refresh", new { refresh_token = refreshTokens[worker] });
    response.EnsureSuccessStatusCode();
    refreshTokens[worker] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["refresh_token"]!.GetValue<string>();
});
Say($"POST /auth/refresh (cluster): {refreshRate:0} /s (target >= 1,500 /s)");

// The hashing bound is measured right before and right after the login run, so both see the machine in one state.
var emails = clusterUsers.Emails;
var boundBefore = await HashingBound.MeasureAsync(duration);
var loginRate = await ClosedLoop.RunAsync(8, duration, async worker =>
{
    var email = emails[Random.Shared.Next(emails.Count)];
    (await api.PostAsJsonAsync("/auth/login", new { email, password = Contenders.Password })).EnsureSuccessStatusCode();
});
var hashingBound = (boundBefore + await HashingBound.MeasureAsync(duration)) / 2;
Say($"password hashing bound (PBKDF2-HMAC-SHA512 verifications on all cores, mean of before and after the login run): {hashingBound:0.0} /s");
Say($"POST /auth/login (cluster): {loginRate:0.0} /s = {100 * loginRate / hashingBound:0}% of the hashing bound (target >= 90%)");

await using (var serviceCluster = await ServiceSessions.StartClusterAsync(folder))
{
    SayService(await ServiceSessions.MeasureAsync(serviceCluster, folder, users, connections, duration, rounds));
}

var scale = await AtScale.FillAsync(cluster, ScaleUsers(), folder, Settle());
SayMemory(scale);
var scaleP99 = await ScaleRoundsAsync(cluster, new Uri(cluster.Apis[0].BaseAddress, "/auth/me"), scale.TokensFile, "at scale");
Say($"  /auth/me p99 over that data: {scaleP99:0.00} ms = {100 * (scaleP99 / clusterMe.P99 - 1):+0;-0}% vs the small-data p99 (target within 20%)");

Directory.Delete(folder, recursive: true);
