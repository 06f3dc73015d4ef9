using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.Bench;

/// <summary>
/// What session events cost (<c>BENCH_ONLY=events</c>): login, refresh and <c>/auth/me</c> throughput on a cluster with
/// events on (the Redis stream plus one webhook receiver) against one with events off (<c>Events:Enabled=false</c>),
/// in alternating rounds, and the delivery lag under that load (from an event's time to its arrival at the webhook).
/// </summary>
public static class EventsBench
{
    private const int Users = 200;

    /// <summary>How long each Api serves <c>/auth/me</c> before the measured rounds.</summary>
    private static readonly TimeSpan MeWarmup = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(Action<string> say, int rounds, TimeSpan duration, int connections, string folder)
    {
        await using var receiver = await LagReceiver.StartAsync();
        var on = new Dictionary<string, string>(Contenders.ClusterSettings)
        {
            ["Events__Webhooks__0__Url"] = receiver.Url,
            ["Events__Webhooks__0__Secret"] = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        var off = new Dictionary<string, string>(Contenders.ClusterSettings) { ["Events__Enabled"] = "false" };
        // BENCH_EVENTS_ON: what the "on" side runs. webhook (the default: the stream and one webhook), stream (the stream
        // alone), or off (a control: both sides alike, so the ratios show the bench's own spread).
        switch (Environment.GetEnvironmentVariable("BENCH_EVENTS_ON") ?? "webhook")
        {
            case "webhook":
                break;
            case "stream":
                on.Remove("Events__Webhooks__0__Url");
                on.Remove("Events__Webhooks__0__Secret");
                break;
            case "off":
                on["Events__Enabled"] = "false";
                break;
            case var other:
                throw new ArgumentException($"BENCH_EVENTS_ON={other}: use webhook, stream or off.");
        }

        await using var withEvents = await LocalCluster.StartAsync(silos: 1, apis: 1, on);
        await using var withoutEvents = await LocalCluster.StartAsync(silos: 1, apis: 1, off);
        var sides = new[]
        {
            (Name: "events off", Cluster: withoutEvents, Users: await Contenders.OrleansUsersAsync(withoutEvents.Apis[0].BaseAddress, Users, folder, "events-off")),
            (Name: "events on", Cluster: withEvents, Users: await Contenders.OrleansUsersAsync(withEvents.Apis[0].BaseAddress, Users, folder, "events-on")),
        };

        var figures = sides.ToDictionary(s => s.Name, _ => (Login: new List<double>(), Refresh: new List<double>()));

        // The first half of each side's users is validated, the second half signs in: logins past the limit (5) end a
        // user's oldest session, and a validated token must not be among them.
        var validated = sides.Select(s => s.Users.TokensFile + ".validated").ToArray();
        for (var i = 0; i < sides.Length; i++)
        {
            await File.WriteAllLinesAsync(validated[i], File.ReadLines(sides[i].Users.TokensFile).Take(Users / 2));
        }

        // Each side's refresh tokens as they rotate: a round goes on from the last round's (a token rotated away is reuse).
        var refreshTokens = sides.ToDictionary(s => s.Name, s => s.Users.RefreshTokens.Take(32).ToArray());
        for (var round = 1; round <= rounds; round++)
        {
            // Every other round starts with the other side, so a drift of the machine favours neither.
            foreach (var side in round % 2 == 1 ? sides : sides.AsEnumerable().Reverse())
            {
                var api = side.Cluster.Apis[0].BaseAddress;
                var login = await LoginRateAsync(api, side.Users.Emails.Skip(Users / 2).ToList(), duration);
                var refresh = await RefreshRateAsync(api, refreshTokens[side.Name], duration);
                figures[side.Name].Login.Add(login);
                figures[side.Name].Refresh.Add(refresh);
                say($"  round {round} {side.Name,-10} login {login,7:0.0} /s  refresh {refresh,7:0} /s");
            }
        }

        // Validation writes no event. It is measured once the webhook has every event of the rounds above, so the
        // figure is validation's alone, not validation beside that delivery.
        var expected = await WaitForDeliveriesAsync(withEvents, receiver, on.ContainsKey("Events__Webhooks__0__Url"));

        // Each Api serves /auth/me for a while first, so the rounds compare the path's steady state: without this, events
        // on lost up to 10% in the first three of eleven rounds, whichever side went first, and the later rounds were even
        // (most likely the tiered JIT still at work; see docs/benchmarks.md).
        var me = sides.Select(s => new Uri(s.Cluster.Apis[0].BaseAddress, "/auth/me")).ToArray();
        for (var i = 0; i < sides.Length; i++)
        {
            await Wrk.RunAsync(me[i], validated[i], connections, MeWarmup);
        }

        foreach (var side in sides)
        {
            say($"  {side.Name} went quiet {(await MeteredRun.WaitUntilQuietAsync(side.Cluster, TimeSpan.FromSeconds(90))).TotalSeconds:0} s after the rounds");
        }

        Task<MeteredRun> MeAsync(int side) => MeteredRun.MeasureAsync(sides[side].Cluster, duration, () =>
            Wrk.RunAsync(me[side], validated[side], connections, duration));
        // BENCH_ME_ROUNDS: the /auth/me rounds (BENCH_ROUNDS by default). They are cheap beside the login rounds, and the
        // machine moves throughput by ±15% between rounds of the same code, so more of them narrow the median.
        var meRoundCount = int.Parse(Environment.GetEnvironmentVariable("BENCH_ME_ROUNDS") ?? $"{rounds}", System.Globalization.CultureInfo.InvariantCulture);
        var meRounds = await MeteredRun.AlternateAsync(meRoundCount, () => MeAsync(1), () => MeAsync(0));
        foreach (var (eventsOn, eventsOff) in meRounds)
        {
            say($"  /auth/me events on {eventsOn.Run.RequestsPerSecond,8:0} req/s Api {1000 * eventsOn.ApiCpuMsPerRequest,5:0.0} us/req non-2xx {eventsOn.Run.Non2xx} | "
                + $"off {eventsOff.Run.RequestsPerSecond,8:0} req/s Api {1000 * eventsOff.ApiCpuMsPerRequest,5:0.0} us/req non-2xx {eventsOff.Run.Non2xx}");
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var (offF, onF) = (figures["events off"], figures["events on"]);
        say($"events on / off, medians: login {Median(onF.Login) / Median(offF.Login):0.00}x ({Median(onF.Login):0.0} vs {Median(offF.Login):0.0} /s), "
            + $"refresh {Median(onF.Refresh) / Median(offF.Refresh):0.00}x ({Median(onF.Refresh):0} vs {Median(offF.Refresh):0} /s) (goal >= 0.90x)");
        say($"GET /auth/me events on / off, median of the rounds: {MeteredRun.Compare(meRounds)} (goal: unchanged)");
        var lags = receiver.LagsMs.Order().ToList();
        say(lags.Count == 0
            ? "event delivery lag: no event arrived"
            : $"event delivery lag to the webhook under that load: p50 {lags[lags.Count / 2]:0} ms, p99 {lags[Math.Min(lags.Count - 1, (int)(lags.Count * 0.99))]:0} ms over {lags.Count} deliveries ({expected} events in the stream)");
    }

    /// <summary>Waits (up to a minute) until the webhook, if there is one, has had every event in the stream; their count.</summary>
    private static async Task<long> WaitForDeliveriesAsync(LocalCluster cluster, LagReceiver receiver, bool webhook)
    {
        var since = Stopwatch.StartNew();
        var expected = await StreamLengthAsync(cluster);
        while (webhook && receiver.Count < expected && since.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        return expected;
    }

    private static async Task<long> StreamLengthAsync(LocalCluster cluster)
    {
        await using var redis = await cluster.Redis.ConnectAsync();
        return await redis.GetDatabase().StreamLengthAsync("orleans-sessions:events");
    }

    private static async Task<double> LoginRateAsync(Uri api, IReadOnlyList<string> emails, TimeSpan duration)
    {
        using var http = Contenders.Client(api);
        return await ClosedLoop.RunAsync(8, duration, async _ =>
            (await http.PostAsJsonAsync("/auth/login", new { email = emails[Random.Shared.Next(emails.Count)], password = Contenders.Password })).EnsureSuccessStatusCode());
    }

    /// <summary>Refreshes per second over <paramref name="tokens"/>, each replaced by its successor as it rotates.</summary>
    private static async Task<double> RefreshRateAsync(Uri api, string[] tokens, TimeSpan duration)
    {
        using var http = Contenders.Client(api);
        return await ClosedLoop.RunAsync(tokens.Length, duration, async worker =>
        {
            var response = await http.PostAsJsonAsync("/auth/refresh", new { refresh_token = tokens[worker] });
            if (!response.IsSuccessStatusCode)
            {
                // The limit (5 per user) evicted this session during the login run: take a fresh one.
                tokens[worker] = await FreshRefreshTokenAsync(http);
                return;
            }

            tokens[worker] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["refresh_token"]!.GetValue<string>();
        });
    }

    private static async Task<string> FreshRefreshTokenAsync(HttpClient http)
    {
        var email = $"bench-refresh-{Guid.NewGuid():N}@example.com";
        (await http.PostAsJsonAsync("/auth/register", new { email, password = Contenders.Password })).EnsureSuccessStatusCode();
        var login = await http.PostAsJsonAsync("/auth/login", new { email, password = Contenders.Password });
        login.EnsureSuccessStatusCode();
        return JsonNode.Parse(await login.Content.ReadAsStringAsync())!["refresh_token"]!.GetValue<string>();
    }

    /// <summary>A webhook endpoint that answers 204 at once and records each event's lag (arrival minus its time).</summary>
    private sealed class LagReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentBag<double> _lags = [];

        private LagReceiver(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public int Count => _lags.Count;

        public IEnumerable<double> LagsMs => _lags;

        public static async Task<LagReceiver> StartAsync()
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new LagReceiver(app, $"http://127.0.0.1:{port}/hooks");
            app.MapPost("/hooks", async (HttpRequest request) =>
            {
                var body = await JsonNode.ParseAsync(request.Body);
                var time = DateTimeOffset.Parse(body!["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                receiver._lags.Add((DateTimeOffset.UtcNow - time).TotalMilliseconds);
                return Results.NoContent();
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
