using OrleansSessions.Grains.Events;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.Grains.Domain;

/// <summary>
/// One user's sessions and their bookkeeping: applies what <see cref="SessionRules"/> decide (limit, expiry,
/// revocation, refresh-token rotation) to the user's persisted sessions, and tracks what is unsaved, what can be
/// rolled back, the tally for metrics and the texts shared through the <see cref="TextPool"/>. Plain code, no
/// Orleans: the grain calls it one turn at a time and persists what it changes.
/// </summary>
internal sealed class SessionBook(
    SessionPolicy policy, UserSessionsState state, TextPool? texts = null, DeviceHistory? devices = null, bool eventsEnabled = true)
{
    private readonly SessionList sessions = new(Shared(state, texts));

    /// <summary>The events of the changes made, written with them (see <see cref="SessionEventRecorder"/>).</summary>
    public SessionEventRecorder Events { get; } = new(policy, new EventOutbox(state.Outbox ??= []), devices ?? new DeviceHistory([]), eventsEnabled);

    private const int EndedMemory = 64;

    // Created on first use: most users never end a session while their grain is active, and most activations
    // never use the grace window, so at a million sessions these would be empty collections by the hundred thousand.
    private Dictionary<string, SessionStatus>? _ended;
    private Queue<string>? _endedOrder;
    private Dictionary<string, IssuedTokens>? _lastRotation;

    public int Count => sessions.Count;

    /// <summary>What happened to sessions since the last <see cref="TakeTally"/>, for metrics once it is stored.</summary>
    private SessionTally _tally = new(0, 0, 0, 0);

    public SessionTally TakeTally()
    {
        var tally = _tally;
        _tally = new SessionTally(0, 0, 0, 0);
        return tally;
    }

    /// <summary>True after a change that must reach the store before the call that made it returns.</summary>
    public bool HasUnsavedChanges { get; private set; }

    /// <summary>True when only activity times changed; these are flushed in batches.</summary>
    public bool HasUnsavedActivity { get; private set; }

    /// <summary>True while anything in memory, a change or activity, is not yet in the store.</summary>
    public bool IsUnsaved => HasUnsavedChanges || HasUnsavedActivity;

    /// <summary>No session and no undelivered event: nothing to keep in the store.</summary>
    public bool IsEmpty => Count == 0 && Events.Outbox.Count == 0;

    public void MarkSaved() => HasUnsavedChanges = HasUnsavedActivity = false;

    /// <summary>The store holds something other than memory (a write it took but could not confirm): the next flush writes memory over it.</summary>
    public void MarkUnsaved() => HasUnsavedChanges = true;

    /// <summary>The first <paramref name="count"/> events reached every sink: they leave the outbox with the next flush.</summary>
    public void EventsDelivered(int count)
    {
        Events.Outbox.Delivered(count);
        HasUnsavedActivity = true;
    }

    /// <summary>Copies the sessions into the state object, ready to be stored.</summary>
    public void WriteTo(UserSessionsState target)
    {
        target.Identity = state.Identity;
        target.MinPasswordVersion = state.MinPasswordVersion;
        target.Outbox = state.Outbox;
        target.Sessions = ReferenceEquals(target, state) ? sessions.Stored : [.. sessions.Values];
    }

    /// <summary>What the book holds now, to go back to if the change about to be made cannot be stored.</summary>
    public Snapshot TakeSnapshot() =>
        new([.. sessions.Values], state.Identity, state.MinPasswordVersion, HasUnsavedChanges, _tally, Events.Outbox.TakeMark(), Events.Devices.TakeMark());

    /// <summary>The sessions that existed at <paramref name="snapshot"/> and no longer do.</summary>
    public IReadOnlyList<string> EndedSince(Snapshot snapshot)
    {
        List<string>? ended = null;
        foreach (var session in snapshot.Sessions)
        {
            if (!sessions.Contains(session.Id))
            {
                (ended ??= []).Add(session.Id);
            }
        }

        return ended ?? [];
    }

    /// <summary>Undoes every change made since <paramref name="snapshot"/> was taken.</summary>
    public void Restore(Snapshot snapshot)
    {
        sessions.ReplaceWith(snapshot.Sessions);

        state.Identity = snapshot.Identity;
        state.MinPasswordVersion = snapshot.MinPasswordVersion;
        HasUnsavedChanges = snapshot.HadUnsavedChanges;
        _tally = snapshot.Tally;
        Events.Outbox.RestoreTo(snapshot.Events);
        Events.Devices.RestoreTo(snapshot.Devices);
    }

    /// <summary>
    /// Opens a session with the id and refresh secret the caller chose (<see cref="NewSessionRequest.Opening"/>; new
    /// ones when it chose none). The same opening sent again, while its session is held, answers that session's tokens
    /// and changes nothing: one session, evictions made once (<see cref="SessionRules.IsRepeatedOpening"/>). Sent again
    /// after its session ended, it is refused (<see cref="LoginOutcome.SessionEnded"/>), as far as this activation
    /// remembers the end (the last <see cref="EndedMemory"/> ends).
    /// </summary>
    public LoginOutcome Open(NewSessionRequest request, DateTimeOffset now)
    {
        var opening = request.Opening ?? SessionOpening.New();
        if (!opening.IsWellFormed)
        {
            throw new ArgumentException("A session opening must have the shape SessionOpening.New gives it.", nameof(request));
        }

        if (sessions.TryGetValue(opening.SessionId, out var held))
        {
            return SessionRules.IsRepeatedOpening(held, opening)
                ? new LoginOutcome(Issue(held, opening.RefreshSecret, now), [])
                : throw new InvalidOperationException("The session id of this opening belongs to another session.");
        }

        // The same opening sent again after its session ended (revoked, evicted by a later sign-in): an end is final.
        if (_ended?.ContainsKey(opening.SessionId) == true)
        {
            return new LoginOutcome(null, [], SessionEnded: true);
        }

        if (request.PasswordVersion < state.MinPasswordVersion)
        {
            return new LoginOutcome(null, [], PasswordOutdated: true);
        }

        PruneExpired(now);
        var client = policy.KnownClient(request.Client) ?? SessionClients.Default;
        var admission = SessionRules.Admit(policy, sessions.Values, client);
        var evicted = new List<string>();
        if (admission.Refused)
        {
            return new LoginOutcome(null, evicted);
        }

        for (var i = 0; i < admission.Evicted.Count; i++)
        {
            var oldest = admission.Evicted[i].Id;
            End(oldest, SessionStatus.Revoked, now, RevocationReason.Evicted);
            evicted.Add(oldest);
        }

        state.Identity = WithLaterRoles(request.Identity, state.Identity);
        var secret = opening.RefreshSecret;
        var session = SessionRules.NewSession(
            opening.SessionId,
            secret,
            now,
            request.RememberMe,
            ipAddress: Shared(SessionRules.ClientText(request.IpAddress)),
            userAgent: Shared(SessionRules.ClientText(request.UserAgent)),
            device: Shared(SessionRules.ClientDevice(request.Device)),
            client,
            request.ClaimsJson);
        session = session with { NewDevice = Events.Created(session, now) };
        sessions.Set(session);
        HasUnsavedChanges = true;
        _tally = _tally with { Created = _tally.Created + 1 };
        return new LoginOutcome(Issue(session, secret, now), evicted);
    }

    public SessionStatus Validate(string sessionId, DateTimeOffset now)
    {
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            return _ended?.GetValueOrDefault(sessionId, SessionStatus.Revoked) ?? SessionStatus.Revoked;
        }

        if (SessionRules.IsExpired(policy, session, now))
        {
            End(sessionId, SessionStatus.Expired, now);
            return SessionStatus.Expired;
        }

        if (SessionRules.WithActivity(session, now) is { } active)
        {
            sessions.Set(active);
            HasUnsavedActivity = true;
        }

        return SessionStatus.Active;
    }

    public RefreshOutcome Refresh(RefreshAttempt attempt, DateTimeOffset now)
    {
        var sessionId = attempt.SessionId;
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            return new RefreshOutcome(RefreshStatus.Invalid, null);
        }

        switch (SessionRules.JudgeRefresh(policy, session, attempt.Generation, attempt.Secret, now))
        {
            case RefreshVerdict.Expired:
                End(sessionId, SessionStatus.Expired, now);
                return new RefreshOutcome(RefreshStatus.Invalid, null);
            case RefreshVerdict.Rotate:
                return new RefreshOutcome(RefreshStatus.Rotated, Rotate(session, now));
            case RefreshVerdict.Invalid:
                return new RefreshOutcome(RefreshStatus.Invalid, null);
            case RefreshVerdict.WithinGrace when _lastRotation?.TryGetValue(sessionId, out var same) == true
                                                 && same.Generation == session.Generation:
                return new RefreshOutcome(RefreshStatus.Rotated, same);
            default: // reused, or within the grace window with no pair to repeat (rotated before this activation)
                End(sessionId, SessionStatus.Revoked, now, RevocationReason.RefreshReuse);
                return new RefreshOutcome(RefreshStatus.Reused, null);
        }
    }

    /// <summary>A new token pair for a session whose user has just proven who they are again; null when it is not active.</summary>
    public IssuedTokens? Reauthenticate(string sessionId, DateTimeOffset now)
    {
        PruneExpired(now);
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            return null;
        }

        var secret = SecureTokens.NewSecret();
        return Reissue(SessionRules.Reauthenticated(session, secret, now), secret, now);
    }

    /// <summary>
    /// What introspection reports of a session: checked as <see cref="Validate"/> checks it, and while active its
    /// client, its custom claims as they are now and its last proof of identity.
    /// </summary>
    public SessionDescription Describe(string sessionId, DateTimeOffset now)
    {
        var status = Validate(sessionId, now);
        return status == SessionStatus.Active && sessions.TryGetValue(sessionId, out var session)
            ? new SessionDescription(status, session.ClientName, session.ClaimsJson, session.AuthenticatedAt)
            : SessionDescription.Inactive(status);
    }

    /// <summary>Replaces the custom claims of an active session (null for none); false when it is not active.</summary>
    public bool UpdateClaims(string sessionId, string? claimsJson, DateTimeOffset now)
    {
        PruneExpired(now);
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            return false;
        }

        if (!string.Equals(session.ClaimsJson, claimsJson, StringComparison.Ordinal))
        {
            sessions.Set(session with { ClaimsJson = claimsJson });
            HasUnsavedChanges = true;
        }

        return true;
    }

    public IReadOnlyList<SessionView> List(DateTimeOffset now)
    {
        PruneExpired(now);
        var openedByService = state.Identity?.IsExternal ?? false;
        return sessions.Values
            .OrderByDescending(s => s.LastActivityMs)
            .ThenByDescending(s => s.CreatedAtMs)
            .Select(s => new SessionView(
                s.Id, s.CreatedAt, s.LastActivity, SessionRules.ExpiresAt(policy, s), s.IpAddress, s.UserAgent, s.Device, s.RememberMe,
                s.AuthenticatedAt, s.ClientName, openedByService, s.NewDevice))
            .ToList();
    }

    public int CountActive(DateTimeOffset now)
    {
        PruneExpired(now);
        return sessions.Count;
    }

    public bool Revoke(string sessionId, DateTimeOffset now, RevocationReason reason = RevocationReason.UserRevoked)
    {
        PruneExpired(now);
        if (!sessions.Contains(sessionId))
        {
            return false;
        }

        End(sessionId, SessionStatus.Revoked, now, reason);
        return true;
    }

    public int RevokeAll(string? keepSessionId, DateTimeOffset now, RevocationReason reason = RevocationReason.LogoutAll)
    {
        PruneExpired(now);
        var doomed = sessions.Values.Select(s => s.Id).Where(id => !string.Equals(id, keepSessionId, StringComparison.Ordinal)).ToList();
        foreach (var id in doomed)
        {
            End(id, SessionStatus.Revoked, now, reason);
        }

        return doomed.Count;
    }

    /// <summary>
    /// The password changed to <paramref name="passwordVersion"/>: sessions proven with an older one are no longer
    /// opened, and every session but <paramref name="keepSessionId"/> (the one that made the change) ends. Nothing
    /// happens for a version already recorded, so a repeated call leaves the new password's sessions alone.
    /// </summary>
    public int RevokeBeforePasswordVersion(int passwordVersion, string? keepSessionId, DateTimeOffset now)
    {
        if (passwordVersion <= state.MinPasswordVersion)
        {
            return 0;
        }

        state.MinPasswordVersion = passwordVersion;
        HasUnsavedChanges = true;
        return RevokeAll(keepSessionId, now, RevocationReason.PasswordChanged);
    }

    /// <summary>
    /// The user's roles changed: tokens issued from now on carry <paramref name="roles"/>. False when nothing changed:
    /// no identity yet (the next sign-in reads the roles), or one read at the same or a later revision.
    /// </summary>
    public bool UpdateRoles(UserRoles roles)
    {
        if (state.Identity is not { } identity || roles.Revision <= identity.RolesRevision)
        {
            return false;
        }

        return ChangeIdentity(identity with { Roles = [.. roles.Names], RolesRevision = roles.Revision });
    }

    /// <summary>Roles told by an older release's role directory (no revision): taken as they come; the revision stays.</summary>
    public bool UpdateRolesFromOlderRelease(IReadOnlyList<string> roles)
    {
        if (state.Identity is not { } identity || identity.Roles.SequenceEqual(roles, StringComparer.Ordinal))
        {
            return false;
        }

        return ChangeIdentity(identity with { Roles = [.. roles] });
    }

    private bool ChangeIdentity(UserIdentity changed)
    {
        state.Identity = changed;
        HasUnsavedChanges = true;
        return true;
    }

    /// <summary>
    /// A sign-in's <paramref name="requested"/> identity, with the roles of <paramref name="kept"/> when those were read at
    /// a later revision: a role change told to the grain while the sign-in was on its way is not undone by it.
    /// </summary>
    private static UserIdentity WithLaterRoles(UserIdentity requested, UserIdentity? kept) =>
        kept is not null && kept.RolesRevision > requested.RolesRevision
            ? requested with { Roles = kept.Roles, RolesRevision = kept.RolesRevision }
            : requested;

    /// <summary>Password throttling locked the account: an event to store, though no session changed.</summary>
    public void AccountLocked(string? ipAddress, DateTimeOffset now)
    {
        Events.AccountLocked(Shared(SessionRules.ClientText(ipAddress)), now);
        HasUnsavedChanges = true;
    }

    /// <summary>When the first of the sessions ends if nothing else happens; null without sessions.</summary>
    public DateTimeOffset? NextExpiry()
    {
        DateTimeOffset? next = null;
        foreach (var session in sessions.Values)
        {
            var expiresAt = SessionRules.ExpiresAt(policy, session);
            if (next is null || expiresAt < next)
            {
                next = expiresAt;
            }
        }

        return next;
    }

    /// <summary>Removes every expired session; returns how many went. Allocates nothing when none has expired (every login asks).</summary>
    public int PruneExpired(DateTimeOffset now)
    {
        List<string>? expired = null;
        foreach (var session in sessions.Values)
        {
            if (SessionRules.IsExpired(policy, session, now))
            {
                (expired ??= []).Add(session.Id);
            }
        }

        foreach (var id in expired ?? [])
        {
            End(id, SessionStatus.Expired, now);
        }

        return expired?.Count ?? 0;
    }

    private IssuedTokens Rotate(StoredSession session, DateTimeOffset now)
    {
        var secret = SecureTokens.NewSecret();
        var tokens = Reissue(SessionRules.Rotated(session, secret, now), secret, now);
        if (SessionRules.HasReuseGrace(policy))
        {
            (_lastRotation ??= new Dictionary<string, IssuedTokens>(StringComparer.Ordinal))[session.Id] = tokens;
        }

        return tokens;
    }

    /// <summary>Keeps <paramref name="replaced"/> (a session with a new refresh secret) as a change to store, and issues its tokens.</summary>
    private IssuedTokens Reissue(StoredSession replaced, string secret, DateTimeOffset now)
    {
        sessions.Set(replaced);
        HasUnsavedChanges = true;
        return Issue(replaced, secret, now);
    }

    private IssuedTokens Issue(StoredSession session, string secret, DateTimeOffset now) =>
        new(session.Id, secret, now, SessionRules.ExpiresAt(policy, session),
            session.Generation,
            state.Identity ?? throw new InvalidOperationException("A user with sessions always has an identity."), session.RememberMe,
            session.AuthenticatedAt,
            session.ClientName,
            session.ClaimsJson);

    private void End(string sessionId, SessionStatus reason, DateTimeOffset now, RevocationReason revocation = RevocationReason.UserRevoked)
    {
        var evicted = revocation == RevocationReason.Evicted;
        if (sessions.TryGetValue(sessionId, out var ending))
        {
            if (reason == SessionStatus.Expired)
            {
                Events.Expired(ending, now);
            }
            else
            {
                Events.Revoked(ending, revocation, now);
            }
        }

        if (sessions.Remove(sessionId))
        {
            _tally = reason == SessionStatus.Expired ? _tally with { Expired = _tally.Expired + 1 }
                : evicted ? _tally with { Evicted = _tally.Evicted + 1 }
                : _tally with { Revoked = _tally.Revoked + 1 };
        }

        _lastRotation?.Remove(sessionId);
        HasUnsavedChanges = true;
        _ended ??= new Dictionary<string, SessionStatus>(StringComparer.Ordinal);
        _endedOrder ??= new Queue<string>();
        if (_ended.TryAdd(sessionId, reason))
        {
            _endedOrder.Enqueue(sessionId);
            if (_endedOrder.Count > EndedMemory)
            {
                _ended.Remove(_endedOrder.Dequeue());
            }
        }
    }

    /// <summary>The sessions and identity at one moment; sessions are immutable records, so a shallow copy is enough.</summary>
    public sealed record Snapshot(
        IReadOnlyList<StoredSession> Sessions, UserIdentity? Identity, int MinPasswordVersion, bool HadUnsavedChanges, SessionTally Tally,
        EventOutbox.Mark Events, DeviceHistory.Mark Devices);

    /// <summary>The stored list, its texts shared through the pool (in place: the book works on the state's own list).</summary>
    private static List<StoredSession> Shared(UserSessionsState state, TextPool? texts)
    {
        state.Sessions ??= [];
        if (texts is not null)
        {
            for (var i = 0; i < state.Sessions.Count; i++)
            {
                state.Sessions[i] = texts.Share(state.Sessions[i]);
            }
        }

        return state.Sessions;
    }

    private string? Shared(string? text) => texts is null ? text : texts.Share(text);

    private DeviceInfo? Shared(DeviceInfo? device) => texts is null ? device : texts.Share(device);
}
