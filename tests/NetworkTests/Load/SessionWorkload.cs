using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrleansSessions.NetworkTests.Load;

/// <summary>
/// The load of the network tests, split across every Api node. A few users live near their session limit: each in
/// turn logs one session out (then at once probes its token on every node), and logs in on two nodes at once, so the
/// limit evicts its oldest session. Probe workers meanwhile validate active sessions and revoked ones without a pause.
/// The workload knows which sessions must be active, so it can tell failures, lost sessions and revocation violations
/// apart; <see cref="CheckEverySessionAsync"/> then compares that with what the service holds.
/// </summary>
public sealed class SessionWorkload(IReadOnlyList<HttpClient> nodes, int maxSessionsPerUser, int users = 4, int probeWorkers = 4)
{
    private const string Password = "correct horse battery";

    /// <summary>Pauses that keep the load steady without starving a small machine (a login costs a password hash).</summary>
    private static readonly TimeSpan RoundPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbePause = TimeSpan.FromMilliseconds(20);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Probe> _probes = new();
    private readonly ConcurrentQueue<RefreshProbe> _revokedRefreshes = new();
    private readonly List<string> _emails = [];
    private readonly List<List<TrackedSession>> _active = [];
    private readonly List<TrackedSession> _revoked = [];
    private readonly ConcurrentQueue<string> _loginFailures = new();
    private int _logins;

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<Probe> Probes => _probes;

    public int Logins => _logins;

    /// <summary>Logins and logouts that were not answered as the contract says (their status and node).</summary>
    public IReadOnlyCollection<string> CallFailures => _loginFailures;

    /// <summary>Registers the users and fills each to its limit.</summary>
    public async Task PrepareAsync()
    {
        for (var user = 0; user < users; user++)
        {
            var email = $"net-{Guid.NewGuid():N}@example.com";
            var registered = await nodes[user % nodes.Count].PostAsJsonAsync("/auth/register", new { email, password = Password });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            _emails.Add(email);
            _active.Add([]);
            for (var i = 0; i < maxSessionsPerUser; i++)
            {
                var session = await LoginAsync(user, i % nodes.Count, round: -1 - i);
                Assert.NotNull(session);
                lock (_active)
                {
                    _active[user].Add(session);
                }
            }
        }
    }

    /// <summary>Runs the users and the probes until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var drivers = Enumerable.Range(0, users).Select(user => DriveUserAsync(user, stop));
        var probes = Enumerable.Range(0, probeWorkers).Select(worker => ProbeAsync(worker, stop));
        await Task.WhenAll(drivers.Concat(probes));
    }

    /// <summary>The first failed probes and revocation violations of [<paramref name="from"/>, <paramref name="to"/>), to explain a failure.</summary>
    public IEnumerable<string> Explain(TimeSpan from, TimeSpan to) =>
        _probes.Where(p => p.Started >= from && p.Started < to && (p.Failed || p.Violation)).OrderBy(p => p.Started).Take(15)
            .Select(p => $"{(p.Violation ? "violation" : "failure")} {(int)p.Status} at {p.Started.TotalSeconds:0.00}-{p.Ended.TotalSeconds:0.00} s on node {p.Node}: "
                + $"session {p.Session.Id[..8]} of user {p.Session.User} opened at {p.Session.OpenedAt.TotalSeconds:0.00} s, "
                + $"ending since {p.Session.EndingSince?.TotalSeconds:0.00}, revoked at {p.Session.RevokedAt?.TotalSeconds:0.00}");

    /// <summary>The figures of the probes that started within [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public WindowFigures Window(TimeSpan from, TimeSpan to)
    {
        var probes = _probes.Where(p => p.Started >= from && p.Started < to).ToList();
        var ofActive = probes.Where(p => !p.OfRevoked).ToList();
        var failed = ofActive.Where(p => p.Failed).ToList();
        var refreshes = _revokedRefreshes.Where(r => r.Started >= from && r.Started < to).ToList();
        return new WindowFigures(
            ofActive.Count,
            failed.Count,
            failed.Count(p => p.Status == HttpStatusCode.Unauthorized),
            probes.Count(p => p.OfRevoked),
            probes.Count(p => p.Violation),
            probes.Where(p => p.Violation).Select(p => p.Session.Id).Distinct().Count(),
            failed.Count == 0 ? null : failed.Max(p => p.Ended) - from,
            Percentile(ofActive, 0.99),
            ofActive.Count == 0 ? TimeSpan.Zero : ofActive.Max(p => p.Ended - p.Started),
            refreshes.Count,
            refreshes.Where(r => r.Status != HttpStatusCode.Unauthorized).Select(r => (int)r.Status).Order().ToList());
    }

    private static TimeSpan Percentile(List<Probe> probes, double share)
    {
        if (probes.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var latencies = probes.Select(p => p.Ended - p.Started).Order().ToList();
        return latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * share) - 1)];
    }

    /// <summary>
    /// After the faults: every session that must be active still refreshes (and is listed), each user holds no more than
    /// the limit and nothing the workload was not told about, and every revoked refresh token is refused with 401.
    /// </summary>
    public async Task<EndCheck> CheckEverySessionAsync()
    {
        int lost = 0, overshoots = 0, phantoms = 0, refreshedRevoked = 0;
        var problems = new List<string>();
        for (var user = 0; user < users; user++)
        {
            var node = nodes[user % nodes.Count];
            List<TrackedSession> active;
            lock (_active)
            {
                active = _active[user].Where(s => s.EndingSince is null).ToList();
            }

            using (var list = new HttpRequestMessage(HttpMethod.Get, "/auth/sessions"))
            {
                list.Headers.Authorization = new("Bearer", active[0].AccessToken);
                using var response = await node.SendAsync(list);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                var listed = body["sessions"]!.AsArray().Select(s => s!["session_id"]!.GetValue<string>()).ToHashSet();
                overshoots += listed.Count > maxSessionsPerUser ? 1 : 0;
                phantoms += listed.Count(id => active.All(s => s.Id != id));
                problems.AddRange(listed.Where(id => active.All(s => s.Id != id)).Select(id => $"user {user} holds {id}, which no answered login opened"));
            }

            foreach (var session in active)
            {
                var refreshed = await node.PostAsJsonAsync("/auth/refresh", new { refresh_token = session.RefreshToken });
                if (refreshed.StatusCode != HttpStatusCode.OK)
                {
                    lost++;
                    problems.Add($"session {session.Id} of user {user} refreshed with {(int)refreshed.StatusCode}: {await refreshed.Content.ReadAsStringAsync()}");
                    continue;
                }

                session.RefreshToken = (await refreshed.Content.ReadFromJsonAsync<JsonObject>())!["refresh_token"]!.GetValue<string>();
            }
        }

        List<TrackedSession> revoked;
        lock (_active)
        {
            revoked = _revoked.TakeLast(20).ToList();
        }

        foreach (var session in revoked)
        {
            var refreshed = await nodes[session.User % nodes.Count].PostAsJsonAsync("/auth/refresh", new { refresh_token = session.RefreshToken });
            if (refreshed.StatusCode != HttpStatusCode.Unauthorized)
            {
                refreshedRevoked++;
                problems.Add($"revoked session {session.Id}'s refresh token was answered {(int)refreshed.StatusCode}");
            }
        }

        return new EndCheck(_active.Sum(a => a.Count(s => s.EndingSince is null)), lost, overshoots, phantoms, revoked.Count, refreshedRevoked, problems);
    }

    private async Task DriveUserAsync(int user, CancellationToken stop)
    {
        var random = new Random(user);
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            round++;
            await LogOneOutAsync(user, random);
            await LoginOnEveryNodeAsync(user, round);
            try
            {
                await Task.Delay(RoundPause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Logs out one active session; once 204 is back, probes its token on every node at once.</summary>
    private async Task LogOneOutAsync(int user, Random random)
    {
        TrackedSession session;
        lock (_active)
        {
            var candidates = _active[user].Where(s => s.EndingSince is null).ToList();
            if (candidates.Count <= 1)
            {
                return;
            }

            session = candidates[random.Next(candidates.Count)];
            session.EndingSince = Now;
        }

        var node = random.Next(nodes.Count);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/auth/logout");
        logout.Headers.Authorization = new("Bearer", session.AccessToken);
        HttpStatusCode status;
        try
        {
            using var response = await nodes[node].SendAsync(logout);
            status = response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            status = HttpStatusCode.GatewayTimeout;
        }

        lock (_active)
        {
            _active[user].Remove(session);
            if (status == HttpStatusCode.NoContent)
            {
                session.RevokedAt = Now;
                _revoked.Add(session);
            }
            else
            {
                _loginFailures.Enqueue($"logout on node {node}: {(int)status}");
            }
        }

        if (session.RevokedAt is not null)
        {
            await Task.WhenAll(Enumerable.Range(0, nodes.Count).Select(n => ProbeOnceAsync(session, n))
                .Append(RefreshRevokedAsync(session, random.Next(nodes.Count))));
        }
    }

    /// <summary>
    /// Logs in once on every node at the same time. The sessions the limit will evict (the oldest) are marked as ending
    /// first; the ones that turn out to stay (a login that failed evicts nothing) are marked active again.
    /// </summary>
    private async Task LoginOnEveryNodeAsync(int user, int round)
    {
        List<TrackedSession> marked;
        lock (_active)
        {
            // The oldest ones go; sessions opened in the same round as one of them were opened at the same moment, and
            // the service may order them either way, so they are marked too and the service's list says which went.
            var active = _active[user].Where(s => s.EndingSince is null).ToList();
            marked = active.Take(Math.Max(0, active.Count + nodes.Count - maxSessionsPerUser)).ToList();
            marked.AddRange(active.Where(s => !marked.Contains(s) && marked.Any(m => m.Round == s.Round)));
            foreach (var session in marked)
            {
                session.EndingSince = Now;
            }
        }

        var opened = (await Task.WhenAll(Enumerable.Range(0, nodes.Count).Select(n => LoginAsync(user, (n + round) % nodes.Count, round))))
            .OfType<TrackedSession>().ToList();
        var listed = marked.Count > 0 && opened.Count > 0 ? await ListAsync(opened[0], round % nodes.Count) : null;
        lock (_active)
        {
            var active = _active[user];
            active.AddRange(opened);

            // Which of the marked sessions the limit evicted: the service's list says; without it, no longer followed.
            var gone = listed is null ? marked : marked.Where(s => !listed.Contains(s.Id)).ToList();
            foreach (var session in marked.Except(gone))
            {
                session.EndingSince = null;
            }

            foreach (var session in gone)
            {
                active.Remove(session);
            }
        }
    }

    private async Task<HashSet<string>?> ListAsync(TrackedSession session, int node)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/sessions");
        request.Headers.Authorization = new("Bearer", session.AccessToken);
        try
        {
            using var response = await nodes[node].SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return body["sessions"]!.AsArray().Select(s => s!["session_id"]!.GetValue<string>()).ToHashSet();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private async Task<TrackedSession?> LoginAsync(int user, int node, int round)
    {
        HttpStatusCode status;
        try
        {
            using var response = await nodes[node].PostAsJsonAsync("/auth/login", new { email = _emails[user], password = Password });
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _logins);
                var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                return new TrackedSession(
                    user, round, Now, body["session_id"]!.GetValue<string>(), body["access_token"]!.GetValue<string>(), body["refresh_token"]!.GetValue<string>());
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            status = HttpStatusCode.GatewayTimeout;
        }

        _loginFailures.Enqueue($"login on node {node}: {(int)status}");
        return null;
    }

    private async Task ProbeAsync(int worker, CancellationToken stop)
    {
        var random = new Random(1000 + worker);
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            n++;
            TrackedSession? session;
            lock (_active)
            {
                var recentlyRevoked = _revoked.Where(s => Now - s.RevokedAt!.Value < TimeSpan.FromSeconds(60)).ToList();
                var active = _active.SelectMany(a => a).Where(s => s.EndingSince is null).ToList();
                session = n % 3 == 0 && recentlyRevoked.Count > 0
                    ? recentlyRevoked[random.Next(recentlyRevoked.Count)]
                    : active.Count > 0 ? active[random.Next(active.Count)] : null;
            }

            if (session is not null)
            {
                await ProbeOnceAsync(session, (worker + n) % nodes.Count);
            }

            try
            {
                await Task.Delay(ProbePause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A refresh with the token of a session whose logout returned: must be 401, whatever the network does.</summary>
    private async Task RefreshRevokedAsync(TrackedSession session, int node)
    {
        var started = Now;
        HttpStatusCode status;
        try
        {
            using var response = await nodes[node].PostAsJsonAsync("/auth/refresh", new { refresh_token = session.RefreshToken });
            status = response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            status = HttpStatusCode.GatewayTimeout;
        }

        _revokedRefreshes.Enqueue(new RefreshProbe(node, started, status));
    }

    private async Task ProbeOnceAsync(TrackedSession session, int node)
    {
        var ofRevoked = session.RevokedAt is not null;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
        request.Headers.Authorization = new("Bearer", session.AccessToken);
        var started = Now;
        HttpStatusCode status;
        try
        {
            using var response = await nodes[node].SendAsync(request);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = HttpStatusCode.BadGateway;
        }
        catch (TaskCanceledException)
        {
            status = HttpStatusCode.GatewayTimeout;
        }

        _probes.Enqueue(new Probe(session, node, started, Now, status, ofRevoked));
    }
}
