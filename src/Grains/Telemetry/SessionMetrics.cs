using System.Diagnostics.Metrics;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Telemetry;

/// <summary>
/// The product's own meter, <c>OrleansSessions</c>: session events (recorded by the grains once stored), validations
/// and their latency, login failures and throttled logins and registrations (recorded by the sign-in grain).
/// </summary>
public sealed class SessionMetrics
{
    public const string MeterName = "OrleansSessions";

    private readonly Counter<long> _created;
    private readonly Counter<long> _revoked;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _evicted;
    private readonly Counter<long> _validations;
    private readonly Histogram<double> _validationDuration;
    private readonly Counter<long> _loginFailures;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _registrationsThrottled;

    public SessionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _created = meter.CreateCounter<long>("sessions.created", description: "Sessions opened by a login.");
        _revoked = meter.CreateCounter<long>("sessions.revoked", description: "Sessions revoked by their user, an operator, a password change or refresh-token reuse.");
        _expired = meter.CreateCounter<long>("sessions.expired", description: "Sessions ended by the idle or absolute timeout.");
        _evicted = meter.CreateCounter<long>("sessions.evicted", description: "Sessions revoked by the per-user limit (EvictOldest).");
        _validations = meter.CreateCounter<long>("sessions.validations", description: "Access-token checks against the session's grain, by result.");
        _validationDuration = meter.CreateHistogram<double>("sessions.validation.duration", unit: "ms", description: "Time to check a session against its grain.");
        _loginFailures = meter.CreateCounter<long>("logins.failed", description: "Logins refused for a wrong email or password.");
        _throttled = meter.CreateCounter<long>("logins.throttled", description: "Login attempts refused with 429.");
        _registrationsThrottled = meter.CreateCounter<long>("registrations.throttled", description: "Registrations refused with 429.");
    }

    internal void Record(SessionTally tally)
    {
        Add(_created, tally.Created);
        Add(_revoked, tally.Revoked);
        Add(_expired, tally.Expired);
        Add(_evicted, tally.Evicted);
    }

    public void Validated(string result, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("result", result);
        _validations.Add(1, tag);
        _validationDuration.Record(duration.TotalMilliseconds, tag);
    }

    public void LoginFailed() => _loginFailures.Add(1);

    public void Throttled() => _throttled.Add(1);

    public void RegistrationThrottled() => _registrationsThrottled.Add(1);

    private static void Add(Counter<long> counter, int value)
    {
        if (value > 0)
        {
            counter.Add(value);
        }
    }
}
