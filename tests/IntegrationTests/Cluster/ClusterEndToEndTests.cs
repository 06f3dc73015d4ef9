using System.Net;
using OrleansSessions.Grains.Operators;
using OrleansSessions.IntegrationTests.Api;
using OrleansSessions.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>The contract across real processes: sessions made on one Api node are seen, and revoked, on the other.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterEndToEndTests(TwoSiloClusterFixture fixture, ITestOutputHelper output) : IClassFixture<TwoSiloClusterFixture>
{
    private readonly ApiClient _a = new(new HttpClient { BaseAddress = fixture.Cluster.Apis[0].BaseAddress });
    private readonly ApiClient _b = new(new HttpClient { BaseAddress = fixture.Cluster.Apis[1].BaseAddress });

    [Fact]
    public async Task A_session_made_on_one_api_validates_on_the_other()
    {
        var (login, token) = await _a.SignUpAndLoginAsync();

        var me = await _b.GetAsync("/auth/me", token);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(login["session_id"]!.GetValue<string>(), (await ApiClient.JsonAsync(me))["session_id"]!.GetValue<string>());
        var refreshed = await _b.PostJsonAsync("/auth/refresh", new { refresh_token = login["refresh_token"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task A_revoke_on_one_api_is_refused_at_once_on_the_other()
    {
        var email = ApiClient.NewEmail();
        await _a.RegisterAsync(email);
        for (var i = 0; i < 20; i++)
        {
            var login = await _a.LoginAsync(email);
            var token = login["access_token"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync("/auth/me", token)).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await _a.PostAsync("/auth/logout", token)).StatusCode);

            await ApiClient.AssertProblemAsync(await _b.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "session_revoked");
        }
    }

    [Fact]
    public async Task Revocation_is_linearizable_across_api_nodes_despite_their_caches()
    {
        // Readers hammer both nodes (so both cache the session) while it is revoked on one of them. Once the revoke
        // call has returned, no request that starts afterwards, on either node, may be accepted.
        var email = ApiClient.NewEmail();
        await _a.RegisterAsync(email);
        var violations = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var token = (await _a.LoginAsync(email))["access_token"]!.GetValue<string>();
            var revokedAt = long.MaxValue;
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
            {
                var node = r % 2 == 0 ? _a : _b;
                while (!stop.IsCancellationRequested)
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    var status = (await node.GetAsync("/auth/me", token)).StatusCode;
                    if (status == HttpStatusCode.OK && started > Interlocked.Read(ref revokedAt))
                    {
                        lock (violations)
                        {
                            violations.Add($"iteration {i}: node {(r % 2 == 0 ? "A" : "B")} accepted the session after the revoke returned");
                        }
                    }
                }
            })).ToList();

            await Task.Delay(30);
            var revoker = i % 2 == 0 ? _a : _b;
            Assert.Equal(HttpStatusCode.NoContent, (await revoker.PostAsync("/auth/logout", token)).StatusCode);
            Interlocked.Exchange(ref revokedAt, System.Diagnostics.Stopwatch.GetTimestamp());
            await Task.Delay(30);
            stop.Cancel();
            await Task.WhenAll(readers);
        }

        Assert.Empty(violations);
    }

    [Fact]
    public async Task Forty_concurrent_logins_of_one_user_leave_exactly_the_limit()
    {
        var email = ApiClient.NewEmail();
        await _a.RegisterAsync(email);

        var logins = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? _a : _b).PostJsonAsync("/auth/login", new { email, password = "correct horse battery" })));

        Assert.All(logins, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var tokens = await Task.WhenAll(logins.Select(async r => (await ApiClient.JsonAsync(r))["access_token"]!.GetValue<string>()));
        var valid = new List<string>();
        foreach (var (token, i) in tokens.Select((t, i) => (t, i)))
        {
            var me = await (i % 2 == 0 ? _b : _a).GetAsync("/auth/me", token);
            Assert.Contains(me.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized });
            if (me.StatusCode == HttpStatusCode.OK)
            {
                valid.Add(token);
            }
        }

        Assert.Equal(5, valid.Count);
        var listed = await ApiClient.JsonAsync(await _b.GetAsync("/auth/sessions", valid[0]));
        Assert.Equal(5, listed["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Failed_logins_are_counted_across_every_api_node()
    {
        var email = ApiClient.NewEmail();
        await _a.RegisterAsync(email);
        for (var i = 0; i < 5; i++)
        {
            var failed = await (i % 2 == 0 ? _a : _b).PostJsonAsync("/auth/login", new { email, password = "wrong password" });
            await ApiClient.AssertProblemAsync(failed, HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await ApiClient.AssertProblemAsync(
            await _a.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" }), HttpStatusCode.TooManyRequests, "rate_limited");
        await ApiClient.AssertProblemAsync(
            await _b.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" }), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task A_cookie_session_from_one_node_is_accepted_with_its_csrf_token_on_the_other()
    {
        var email = ApiClient.NewEmail();
        await _a.RegisterAsync(email);
        var login = await _a.PostJsonAsync("/auth/login?mode=cookie", new { email, password = "correct horse battery" });
        var csrf = (await ApiClient.JsonAsync(login))["csrf_token"]!.GetValue<string>();
        var access = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-os_access=", StringComparison.Ordinal)).Split(';')[0];

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/auth/logout");
        logout.Headers.Add("Cookie", access);
        logout.Headers.Add("X-CSRF-Token", csrf);
        Assert.Equal(HttpStatusCode.NoContent, (await _b.Http.SendAsync(logout)).StatusCode);

        using var me = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
        me.Headers.Add("Cookie", access);
        await ApiClient.AssertProblemAsync(await _a.Http.SendAsync(me), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task The_dashboard_and_metrics_are_only_for_signed_in_operators()
    {
        using var http = new HttpClient { BaseAddress = fixture.Cluster.Silos[1].BaseAddress };
        static System.Net.Http.Headers.AuthenticationHeaderValue Basic(string user, string password) =>
            new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

        var anonymous = await http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/dashboard") { Headers = { Authorization = Basic(TwoSiloClusterFixture.OperatorName, "guess") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(http, HttpStatusCode.Unauthorized, "/metrics", "/dashboard/");
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(_a.Http, HttpStatusCode.Unauthorized, "/metrics");
        await BadAuthorizationHeaders.AssertAllAnsweredAsync(http, HttpStatusCode.OK, "/health/live");

        using var right = new HttpRequestMessage(HttpMethod.Get, "/dashboard/") { Headers = { Authorization = Basic(TwoSiloClusterFixture.OperatorName, TwoSiloClusterFixture.OperatorPassword) } };
        var signedIn = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("text/html", signedIn.Content.Headers.ContentType!.ToString());
        foreach (var answer in new[] { signedIn, anonymous })
        {
            // A silo's pages are framed and sniffed no more than an Api node's.
            Assert.Equal(SecurityHeaders.DashboardPolicy, answer.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        }

        // The dashboard's grain-state view shows the cluster-wide figures (grain type ClusterStatsGrain, id 0).
        await _a.SignUpAndLoginAsync();
        using var state = new HttpRequestMessage(HttpMethod.Get, "/dashboard/GrainState?grainId=0&grainType=OrleansSessions.Grains.Stats.ClusterStatsGrain")
        {
            Headers = { Authorization = Basic(TwoSiloClusterFixture.OperatorName, TwoSiloClusterFixture.OperatorPassword) },
        };
        var raw = System.Text.Json.Nodes.JsonNode.Parse(await (await http.SendAsync(state)).Content.ReadAsStringAsync())!;
        var view = raw is System.Text.Json.Nodes.JsonValue text ? System.Text.Json.Nodes.JsonNode.Parse(text.GetValue<string>())! : raw; // the dashboard sends its JSON as a string
        var stats = view["GetState"] ?? view["getState"];
        Assert.True(stats is not null, view.ToJsonString());
        Assert.True(stats!.ToJsonString().Contains("ActiveSessions", StringComparison.OrdinalIgnoreCase), view.ToJsonString());
    }

    [Fact]
    public async Task A_silo_behind_a_trusted_proxy_limits_operator_guesses_by_the_forwarded_client()
    {
        using var http = new HttpClient { BaseAddress = fixture.Cluster.Silos[0].BaseAddress };
        async Task<HttpStatusCode> MetricsAsync(string forwardedFor, string password)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics")
            {
                Headers = { Authorization = new("Basic", BadAuthorizationHeaders.Encode($"{TwoSiloClusterFixture.OperatorName}:{password}")) },
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            return (await http.SendAsync(request)).StatusCode;
        }

        for (var i = 0; i < TwoSiloClusterFixture.MaxFailedOperatorSignIns; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await MetricsAsync("198.51.100.66", $"guess-{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await MetricsAsync("198.51.100.66", TwoSiloClusterFixture.OperatorPassword));
        Assert.Equal(HttpStatusCode.OK, await MetricsAsync("198.51.100.67", TwoSiloClusterFixture.OperatorPassword));
    }

    [Fact]
    public async Task Admin_stats_add_up_the_counters_of_every_silo()
    {
        // The bootstrap admin, created by the Api nodes at start-up.
        var admin = (await _b.LoginAsync(TwoSiloClusterFixture.AdminEmail, TwoSiloClusterFixture.AdminPassword))["access_token"]!.GetValue<string>();
        for (var i = 0; i < 6; i++)
        {
            await (i % 2 == 0 ? _a : _b).SignUpAndLoginAsync();
        }

        var stats = await ApiClient.JsonAsync(await _a.GetAsync("/admin/stats", admin));

        var silos = stats["silos"]!.AsArray();
        Assert.Equal(2, silos.Count);
        Assert.Equal(stats["active_sessions"]!.GetValue<long>(), silos.Sum(s => s!["active_sessions"]!.GetValue<long>()));
        Assert.Equal(stats["users_online"]!.GetValue<long>(), silos.Sum(s => s!["users_online"]!.GetValue<long>()));
        Assert.True(stats["users_online"]!.GetValue<long>() >= 7, stats.ToJsonString());
    }

    [Fact]
    public async Task Silos_expose_session_metrics_for_prometheus()
    {
        await _a.SignUpAndLoginAsync();
        await _b.SignUpAndLoginAsync();

        var created = 0L;
        foreach (var silo in fixture.Cluster.Silos)
        {
            using var http = fixture.Cluster.OperatorClient(silo);
            var metrics = await http.GetStringAsync("/metrics");
            var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("sessions_created_total{", StringComparison.Ordinal));
            created += line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..]);
        }

        Assert.True(created >= 2, $"the silos counted {created} sessions created");
    }

    [Fact]
    public async Task Readiness_reports_redis_and_the_cluster()
    {
        var ready = await ApiClient.JsonAsync(await _a.GetAsync("/health/ready"));

        Assert.Equal("Healthy", ready["checks"]!["redis"]!["status"]!.GetValue<string>());
        Assert.Contains("2 active silo", ready["checks"]!["orleans"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readiness_fails_while_redis_is_down_and_sessions_survive_a_redis_restart()
    {
        var tokens = new List<string>();
        var userIds = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var (login, token) = await (i % 2 == 0 ? _a : _b).SignUpAndLoginAsync();
            tokens.Add(token);
            userIds.Add(login["user"]!["user_id"]!.GetValue<string>());
        }

        await fixture.Cluster.Redis.StopAsync();
        try
        {
            var ready = await _a.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", (await ApiClient.JsonAsync(ready))["checks"]!["redis"]!["status"]!.GetValue<string>());
        }
        finally
        {
            await fixture.Cluster.Redis.StartAgainAsync();
        }

        // Each process reconnects on its own: every silo and Api node says when its connection is back.
        await Task.WhenAll(fixture.Cluster.Silos.Concat(fixture.Cluster.Apis).Select(p => p.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(30))));
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync("/auth/me", token)).StatusCode);
        }

        // The silos answered from memory; the store itself brought every session back from its AOF.
        var keys = await fixture.Cluster.Redis.KeysAsync();
        Assert.All(userIds, id => Assert.Contains(keys, k => k.Contains("user-sessions", StringComparison.Ordinal) && k.Contains(id, StringComparison.Ordinal)));

        // With every connection back, writes are accepted at once: a new account and its first session (and its expiry index entry).
        var email = ApiClient.NewEmail();
        await _b.RegisterAsync(email);
        var afterRestart = (await _b.LoginAsync(email))["access_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await _a.GetAsync("/auth/me", afterRestart)).StatusCode);
    }

    [Fact]
    public async Task Forged_refresh_tokens_activate_no_grain_and_cost_the_silos_no_memory()
    {
        var victims = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            victims.Add((await (i % 2 == 0 ? _a : _b).SignUpAndLoginAsync()).Login["refresh_token"]!.GetValue<string>());
        }

        var forgeries = Enumerable.Range(0, ForgedRefreshTokenTests.Forgeries).Select(i => RefreshTokenForgery.Forge(i, victims[i % victims.Count])).ToArray();
        await using var operators = await ClusterOperator.ConnectAsync(fixture.Cluster);
        var activationsBefore = await operators.ActivationsAsync("UserSessionsGrain");
        Assert.True(activationsBefore >= victims.Count, $"{activationsBefore} user grains counted after {victims.Count} logins");
        var heapBefore = await operators.LiveHeapBytesAsync(fixture.Cluster);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await RefreshTokenForgery.PresentAsync([_a.Http, _b.Http], forgeries, ForgedRefreshTokenTests.InFlight);
        clock.Stop();

        var heapAfter = await operators.LiveHeapBytesAsync(fixture.Cluster);
        var activationsAfter = await operators.ActivationsAsync("UserSessionsGrain");
        var growth = heapAfter - heapBefore;
        Figures.Report(output,
            $"{forgeries.Length:N0} forged refresh tokens against 2 Api nodes of a 2-silo cluster ({forgeries.Length / clock.Elapsed.TotalSeconds:N0}/s): "
            + $"{RefreshTokenForgery.Describe(answers)}; user grains activated {activationsAfter - activationsBefore}, "
            + $"silos' managed heap {growth / 1048576.0:+0.0;-0.0} MB ({heapBefore / 1048576.0:0.0} -> {heapAfter / 1048576.0:0.0} MB)");
        Assert.Equal(["401 invalid_token"], answers.Keys);
        Assert.Equal(activationsBefore, activationsAfter);
        Assert.True(growth < ForgedRefreshTokenTests.MaxGrowthBytes, $"the silos' managed heap grew {growth:N0} bytes");
    }
}
