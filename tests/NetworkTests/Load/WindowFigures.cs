namespace OrleansSessions.NetworkTests.Load;

/// <summary>What the probes of one stretch of a test saw.</summary>
public sealed record WindowFigures(
    int ActiveProbes, int Failed, int LostAnswers, int RevokedProbes, int Violations, int ViolatedSessions, TimeSpan? LastFailure,
    TimeSpan P99, TimeSpan Max, int RevokedRefreshes, IReadOnlyList<int> RevokedRefreshesNot401)
{
    public double FailedPercent => ActiveProbes == 0 ? 0 : 100.0 * Failed / ActiveProbes;

    public override string ToString() =>
        $"{ActiveProbes} /auth/me of active sessions, {Failed} failed ({FailedPercent:0.00} %, {LostAnswers} of them 401), "
        + $"last failure {(LastFailure is { } last ? $"{last.TotalSeconds:0.0} s" : "none")} into the stretch; "
        + $"latency p99 {P99.TotalMilliseconds:0} ms, max {Max.TotalMilliseconds:0} ms; "
        + $"{RevokedProbes} probes of revoked tokens, {Violations} answered 200 ({ViolatedSessions} sessions); "
        + $"{RevokedRefreshes} refreshes right after a logout, {RevokedRefreshesNot401.Count} not refused with 401"
        + (RevokedRefreshesNot401.Count == 0 ? "" : $" ({string.Join(", ", RevokedRefreshesNot401)})");

    /// <summary>Refreshes of a session whose logout had returned that were answered 200: must never happen.</summary>
    public int RevokedRefreshed => RevokedRefreshesNot401.Count(status => status == 200);
}
