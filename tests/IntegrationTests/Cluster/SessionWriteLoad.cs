using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// A steady mix of logins, refreshes and validations against one Api node, every answer recorded with its time, and
/// the sessions whose every write was acknowledged (login 200, then only refreshes answered 200), so a test can ask
/// afterwards which of them the store lost.
/// </summary>
public sealed class SessionWriteLoad(ApiClient api, IReadOnlyList<string> emails)
{
    private readonly ConcurrentBag<Answer> _answers = [];
    private readonly ConcurrentDictionary<string, TrackedSession> _sessions = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _opened;

    public sealed record Answer(string Kind, TimeSpan Started, TimeSpan At, HttpStatusCode Status, string? Code);

    /// <summary>A session the load opened. <see cref="Ambiguous"/>: a write on it failed, so what the store holds is not known.</summary>
    public sealed class TrackedSession(string id, string accessToken, string refreshToken, bool refreshed)
    {
        public string Id { get; } = id;

        /// <summary>Every other session is refreshed by the load; the rest keep only their login, so they stay acknowledged.</summary>
        public bool Refreshed { get; } = refreshed;

        public string AccessToken { get; set; } = accessToken;

        public string RefreshToken { get; set; } = refreshToken;

        public bool Ambiguous { get; set; }

        public SemaphoreSlim InUse { get; } = new(1, 1);
    }

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<Answer> Answers => _answers;

    public IReadOnlyCollection<TrackedSession> Sessions => (IReadOnlyCollection<TrackedSession>)_sessions.Values;

    /// <summary>Runs until <paramref name="stop"/> is cancelled: one login worker per email, and refresh and validation workers.</summary>
    public async Task RunAsync(int refreshers, int validators, CancellationToken stop)
    {
        var workers = emails.Select(email => LoginLoopAsync(email, stop))
            .Concat(Enumerable.Range(0, refreshers).Select(i => RefreshLoopAsync(i, stop)))
            .Concat(Enumerable.Range(0, validators).Select(i => ValidateLoopAsync(i, stop)));
        await Task.WhenAll(workers);
    }

    /// <summary>Which acknowledged sessions no longer refresh: each is refreshed now (a 503 is asked again).</summary>
    public async Task<(int Acknowledged, int Ambiguous, IReadOnlyList<string> Lost)> CheckSessionsAsync()
    {
        var lost = new List<string>();
        var acknowledged = 0;
        foreach (var session in _sessions.Values.Where(s => !s.Ambiguous))
        {
            acknowledged++;
            var refreshed = await api.PostJsonAsync("/auth/refresh", new { refresh_token = session.RefreshToken });
            for (var retry = 0; refreshed.StatusCode == HttpStatusCode.ServiceUnavailable && retry < 5; retry++)
            {
                // A grain that still held a write the store lost fails its next write on the ETag and re-reads: ask again.
                await Task.Delay(200);
                refreshed = await api.PostJsonAsync("/auth/refresh", new { refresh_token = session.RefreshToken });
            }

            if (refreshed.StatusCode != HttpStatusCode.OK)
            {
                lost.Add($"{session.Id}: {(int)refreshed.StatusCode} {await refreshed.Content.ReadAsStringAsync()}");
            }
        }

        return (acknowledged, _sessions.Values.Count(s => s.Ambiguous), lost);
    }

    private async Task LoginLoopAsync(string email, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = _clock.Elapsed;
            var response = await api.PostJsonAsync("/auth/login", new { email, password = "correct horse battery" });
            var body = await RecordAsync("login", started, response);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var id = body!["session_id"]!.GetValue<string>();
                var refreshed = Interlocked.Increment(ref _opened) % 2 == 0;
                _sessions[id] = new TrackedSession(id, body["access_token"]!.GetValue<string>(), body["refresh_token"]!.GetValue<string>(), refreshed);
            }
            else
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private async Task RefreshLoopAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            var session = Pick(random);
            if (session is null || !await session.InUse.WaitAsync(0, CancellationToken.None))
            {
                await Task.Delay(20, CancellationToken.None);
                continue;
            }

            try
            {
                if (session.Ambiguous || !session.Refreshed)
                {
                    continue;
                }

                var started = _clock.Elapsed;
                var response = await api.PostJsonAsync("/auth/refresh", new { refresh_token = session.RefreshToken });
                var body = await RecordAsync("refresh", started, response);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    session.AccessToken = body!["access_token"]!.GetValue<string>();
                    session.RefreshToken = body["refresh_token"]!.GetValue<string>();
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // A rotation that failed may or may not be in the store: this session no longer counts as acknowledged.
                    session.Ambiguous = true;
                }
            }
            finally
            {
                session.InUse.Release();
            }
        }
    }

    private async Task ValidateLoopAsync(int worker, CancellationToken stop)
    {
        var random = new Random(1000 + worker);
        while (!stop.IsCancellationRequested)
        {
            if (Pick(random) is not { } session)
            {
                await Task.Delay(20, CancellationToken.None);
                continue;
            }

            var started = _clock.Elapsed;
            await RecordAsync("validate", started, await api.GetAsync("/auth/me", session.AccessToken));
        }
    }

    private TrackedSession? Pick(Random random)
    {
        var all = _sessions.Values.ToArray();
        return all.Length == 0 ? null : all[random.Next(all.Length)];
    }

    private async Task<JsonObject?> RecordAsync(string kind, TimeSpan started, HttpResponseMessage response)
    {
        var at = _clock.Elapsed;
        JsonObject? body = null;
        string? code = null;
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length > 0 && text[0] == '{')
        {
            body = JsonNode.Parse(text) as JsonObject;
            code = body?["code"]?.GetValue<string>();
        }

        _answers.Add(new Answer(kind, started, at, response.StatusCode, code));
        return body;
    }
}
