using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// The persisted state of one user's grain: who the user is and the active sessions. Sessions are stored as a
/// list (each record holds its own id); <see cref="SessionBook"/> indexes them by id in memory.
/// </summary>
[GenerateSerializer, Alias("os.UserSessionsState")]
internal sealed class UserSessionsState : IVersionedState
{
    // [Id(0)] held the sessions as a dictionary keyed by id, storing every id twice; retired, never reuse it.

    [Id(1)]
    public UserIdentity? Identity { get; set; }

    [Id(2)]
    public List<StoredSession> Sessions { get; set; } = [];

    /// <summary>
    /// The oldest password version a new session may be proven with: the last password change's. Guards the moment of
    /// a change (a sign-in that proved the old password while it was made); with no sessions left the key goes, and
    /// the version with it, long after any such sign-in has ended.
    /// </summary>
    [Id(3)]
    public int MinPasswordVersion { get; set; }

    /// <summary>Events written with the changes they describe, not yet delivered (<see cref="Events.EventOutbox"/>).</summary>
    [Id(4)]
    public List<Events.SessionEvent> Outbox { get; set; } = [];

    /// <summary>Stamped on every write (<see cref="StoreVersion"/>): tells a store that went back from another copy's write.</summary>
    [Id(5)]
    public long Version { get; set; }
}
