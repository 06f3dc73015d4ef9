using System.Diagnostics.Metrics;
using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Grains.Stats;

/// <summary>
/// This silo's live counters, moved by the user grains it hosts: users online (active grains holding a session)
/// and their sessions. Sessions of users whose grain is not active are not counted: they are at rest in Redis.
/// </summary>
internal sealed class LocalSessionGauge
{
    private long _usersOnline;
    private long _activeSessions;

    public LocalSessionGauge(IMeterFactory meters)
    {
        var meter = meters.Create(SessionMetrics.MeterName);
        meter.CreateObservableGauge("sessions.active", () => ActiveSessions, description: "Sessions held by the user grains active on this silo.");
        meter.CreateObservableGauge("users.online", () => UsersOnline, description: "Users whose grain is active on this silo with at least one session.");
    }

    public long UsersOnline => Interlocked.Read(ref _usersOnline);

    public long ActiveSessions => Interlocked.Read(ref _activeSessions);

    /// <summary>Moves the counters from what a grain reported last to what it holds now.</summary>
    public void Move(int reportedSessions, int sessions)
    {
        Interlocked.Add(ref _activeSessions, sessions - reportedSessions);
        Interlocked.Add(ref _usersOnline, (sessions > 0 ? 1 : 0) - (reportedSessions > 0 ? 1 : 0));
    }
}
