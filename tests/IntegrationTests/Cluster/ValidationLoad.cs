using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// A steady validation load (<c>GET /auth/me</c>) from several workers over many users and every Api node, with
/// every answer recorded, and the figures a fault test reports.
/// </summary>
public sealed class ValidationLoad(IReadOnlyList<HttpClient> apis, IReadOnlyList<string> tokens, int workers = 6)
{
    private readonly ConcurrentBag<Sample> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public sealed record Sample(int User, TimeSpan Started, TimeSpan Ended, HttpStatusCode Status);

    public sealed record Figures(int Requests, int Failed, int SessionsLost, TimeSpan LongestFailureStretch, TimeSpan Recovery, TimeSpan P99, TimeSpan Max)
    {
        public double FailedPercent => Requests == 0 ? 0 : 100.0 * Failed / Requests;

        public override string ToString() =>
            $"{Requests} validations, {Failed} failed ({FailedPercent:0.00} %), {SessionsLost} refused as unknown sessions, "
            + $"longest stretch of failures {LongestFailureStretch.TotalSeconds:0.00} s, all users validating again "
            + $"{Recovery.TotalSeconds:0.00} s after the fault, latency p99 {P99.TotalMilliseconds:0} ms, max {Max.TotalMilliseconds:0} ms";
    }

    public TimeSpan Now => _clock.Elapsed;

    public async Task RunAsync(TimeSpan duration)
    {
        var end = _clock.Elapsed + duration;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (_clock.Elapsed < end)
            {
                var n = Interlocked.Increment(ref next);
                var user = n % tokens.Count;
                var api = apis[n % apis.Count];
                using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
                request.Headers.Authorization = new("Bearer", tokens[user]);
                var started = _clock.Elapsed;
                HttpStatusCode status;
                try
                {
                    using var response = await api.SendAsync(request);
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

                _samples.Add(new Sample(user, started, _clock.Elapsed, status));
            }
        }));
    }

    public Figures Summarise(TimeSpan faultAt)
    {
        var samples = _samples.OrderBy(s => s.Ended).ToList();
        var failed = samples.Where(s => s.Status != HttpStatusCode.OK).ToList();

        var longest = TimeSpan.Zero;
        TimeSpan? stretchStart = null;
        foreach (var sample in samples)
        {
            if (sample.Status == HttpStatusCode.OK)
            {
                stretchStart = null;
                continue;
            }

            stretchStart ??= sample.Started;
            longest = sample.Ended - stretchStart.Value > longest ? sample.Ended - stretchStart.Value : longest;
        }

        // For each user, when its first request started after the fault succeeded (retries included), and no later
        // request of that user failed: the moment from which it validates again.
        var recovery = Enumerable.Range(0, tokens.Count)
            .Select(user =>
            {
                var afterFault = samples.Where(s => s.User == user && s.Started >= faultAt).ToList();
                var lastFailure = afterFault.Where(s => s.Status != HttpStatusCode.OK).Select(s => s.Ended).DefaultIfEmpty(faultAt).Max();
                var firstSuccess = afterFault.Where(s => s.Status == HttpStatusCode.OK && s.Started >= lastFailure).Select(s => s.Ended).DefaultIfEmpty(TimeSpan.MaxValue).Min();
                return firstSuccess == TimeSpan.MaxValue ? TimeSpan.MaxValue : firstSuccess - faultAt;
            })
            .Max();
        var latencies = samples.Select(s => s.Ended - s.Started).Order().ToList();
        var p99 = latencies.Count == 0 ? TimeSpan.Zero : latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * 0.99) - 1)];
        return new Figures(samples.Count, failed.Count, failed.Count(s => s.Status == HttpStatusCode.Unauthorized), longest, recovery, p99, latencies.LastOrDefault());
    }
}
