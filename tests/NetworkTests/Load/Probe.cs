using System.Net;

namespace OrleansSessions.NetworkTests.Load;

/// <summary>
/// One <c>GET /auth/me</c> the workload sent: for a session that must be active (<see cref="Failed"/> unless 200), or
/// for one whose logout had returned (<see cref="Violation"/> when answered 200).
/// </summary>
public sealed record Probe(TrackedSession Session, int Node, TimeSpan Started, TimeSpan Ended, HttpStatusCode Status, bool OfRevoked)
{
    public bool Violation => OfRevoked && Status == HttpStatusCode.OK;

    /// <summary>A session that had to be active was not answered 200 (a 401 counts: the session was lost).</summary>
    public bool Failed => !OfRevoked && Status != HttpStatusCode.OK && !(Session.EndingSince is { } ending && ending <= Ended);
}
