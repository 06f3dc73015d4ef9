using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// Turns what happens to a user's sessions into events in the outbox: <c>session.created</c> (with
/// <c>new_device</c> from the <see cref="DeviceHistory"/>), <c>session.revoked</c> with why, and
/// <c>session.expired</c> with which deadline passed. Refreshes and validations are not events.
/// </summary>
internal sealed class SessionEventRecorder(SessionPolicy policy, EventOutbox outbox, DeviceHistory devices, bool enabled = true)
{
    /// <summary>False when events are off (<see cref="EventSettings.Enabled"/>): nothing is recorded.</summary>
    public bool Enabled => enabled;

    public EventOutbox Outbox => outbox;

    public DeviceHistory Devices => devices;

    /// <summary>A session opened: its event, and whether it is on a new device (the device is remembered).</summary>
    public bool Created(StoredSession session, DateTimeOffset now)
    {
        var newDevice = devices.Record(session.Device, now);
        Add(For(session, SessionEventTypes.Created, reason: null, now) with { NewDevice = newDevice });
        return newDevice;
    }

    public void Revoked(StoredSession session, RevocationReason reason, DateTimeOffset now) =>
        Add(For(session, SessionEventTypes.Revoked, SessionEventTypes.Of(reason), now));

    public void Expired(StoredSession session, DateTimeOffset now) =>
        Add(For(
            session,
            SessionEventTypes.Expired,
            SessionRules.ExpiryReasonAt(policy, session, now) == ExpiryReason.Idle ? SessionEventTypes.Idle : SessionEventTypes.Absolute,
            now));

    public void AccountLocked(string? ipAddress, DateTimeOffset now) =>
        Add(new SessionEvent(
            SessionEvent.NewId(now), SessionEventTypes.AccountLocked, now.ToUnixTimeMilliseconds(), SessionId: null,
            SessionClients.Default, SessionEventTypes.FailedLogins, ipAddress, Device: null, NewDevice: null));

    private void Add(SessionEvent sessionEvent)
    {
        if (enabled)
        {
            outbox.Add(sessionEvent);
        }
    }

    /// <summary>The client a session belongs to, as its events name it.</summary>
    private static string ClientOf(StoredSession session) => session.ClientName;

    private static SessionEvent For(StoredSession session, string type, string? reason, DateTimeOffset now) =>
        new(SessionEvent.NewId(now), type, now.ToUnixTimeMilliseconds(), session.Id, ClientOf(session), reason, session.IpAddress, session.Device, NewDevice: null);
}
