using OrleansSessions.Sessions;

namespace OrleansSessions.Domain;

/// <summary>
/// The session rules for one user: limit, expiry, revocation and refresh-token rotation, over the user's
/// persisted sessions. Plain code, no Orleans: the grain calls it one turn at a time and persists what it changes.
/// </summary>
public sealed class SessionBook(string userId, SessionPolicy policy, UserSessionsState state)
{
    private readonly Dictionary<string, StoredSession> sessions = state.Sessions.ToDictionary(s => s.Id, StringComparer.Ordinal);

    private const int EndedMemory = 64;
    private const int MaxTextLength = 512;

    private readonly Dictionary<string, SessionStatus> _ended = new(StringComparer.Ordinal);
    private readonly Queue<string> _endedOrder = new();
    private readonly Dictionary<string, IssuedTokens> _lastRotation = new(StringComparer.Ordinal);

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

    public void MarkSaved() => HasUnsavedChanges = HasUnsavedActivity = false;

    /// <summary>Copies the sessions into the state object, ready to be stored.</summary>
    public void WriteTo(UserSessionsState target)
    {
        target.Identity = state.Identity;
        target.Sessions = [.. sessions.Values];
    }

    /// <summary>What the book holds now, to go back to if the change about to be made cannot be stored.</summary>
    public Snapshot TakeSnapshot() => new(new Dictionary<string, StoredSession>(sessions, StringComparer.Ordinal), state.Identity, HasUnsavedChanges, _tally);

    /// <summary>The sessions that existed at <paramref name="snapshot"/> and no longer do.</summary>
    public IReadOnlyList<string> EndedSince(Snapshot snapshot)
    {
        List<string>? ended = null;
        foreach (var id in snapshot.Sessions.Keys)
        {
            if (!sessions.ContainsKey(id))
            {
                (ended ??= []).Add(id);
            }
        }

        return ended ?? [];
    }

    /// <summary>Undoes every change made since <paramref name="snapshot"/> was taken.</summary>
    public void Restore(Snapshot snapshot)
    {
        sessions.Clear();
        foreach (var (id, session) in snapshot.Sessions)
        {
            sessions[id] = session;
        }

        state.Identity = snapshot.Identity;
        HasUnsavedChanges = snapshot.HadUnsavedChanges;
        _tally = snapshot.Tally;
    }

    public DateTimeOffset ExpiresAt(StoredSession session) =>
        session.RememberMe
            ? session.CreatedAt + policy.RememberMeLifetime
            : Earliest(session.CreatedAt + policy.AbsoluteLifetime, session.LastActivity + policy.IdleTimeout);

    public LoginOutcome Open(NewSessionRequest request, DateTimeOffset now)
    {
        PruneExpired(now);
        var evicted = new List<string>();
        if (sessions.Count >= policy.MaxPerUser)
        {
            if (policy.LimitPolicy == LimitPolicy.RejectNew)
            {
                return new LoginOutcome(null, evicted);
            }

            foreach (var oldest in Oldest(sessions.Count - policy.MaxPerUser + 1))
            {
                End(oldest.Id, SessionStatus.Revoked, evicted: true);
                evicted.Add(oldest.Id);
            }
        }

        state.Identity = request.Identity;
        var secret = SecureTokens.NewSecret();
        var session = new StoredSession(
            Id: SecureTokens.NewSessionId(),
            CreatedAt: now,
            LastActivity: now,
            RememberMe: request.RememberMe,
            IpAddress: Bounded(request.IpAddress),
            UserAgent: Bounded(request.UserAgent),
            Device: Bounded(request.Device),
            RefreshHash: SecureTokens.Hash(secret),
            Generation: 1,
            PreviousRefreshHash: null,
            RotatedAt: null);
        sessions[session.Id] = session;
        HasUnsavedChanges = true;
        _tally = _tally with { Created = _tally.Created + 1 };
        return new LoginOutcome(Issue(session, secret, now), evicted);
    }

    public SessionStatus Validate(string sessionId, DateTimeOffset now)
    {
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            return _ended.GetValueOrDefault(sessionId, SessionStatus.Revoked);
        }

        if (now >= ExpiresAt(session))
        {
            End(sessionId, SessionStatus.Expired);
            return SessionStatus.Expired;
        }

        if (now > session.LastActivity)
        {
            sessions[sessionId] = session with { LastActivity = now };
            HasUnsavedActivity = true;
        }

        return SessionStatus.Active;
    }

    public RefreshOutcome Refresh(string sessionId, string secret, DateTimeOffset now)
    {
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            return new RefreshOutcome(RefreshStatus.Invalid, null);
        }

        if (now >= ExpiresAt(session))
        {
            End(sessionId, SessionStatus.Expired);
            return new RefreshOutcome(RefreshStatus.Invalid, null);
        }

        if (SecureTokens.Matches(session.RefreshHash, secret))
        {
            return new RefreshOutcome(RefreshStatus.Rotated, Rotate(session, now));
        }

        if (!SecureTokens.Matches(session.PreviousRefreshHash, secret))
        {
            return new RefreshOutcome(RefreshStatus.Invalid, null);
        }

        if (IsWithinGrace(session, now) && _lastRotation.TryGetValue(sessionId, out var same) && same.Generation == session.Generation)
        {
            return new RefreshOutcome(RefreshStatus.Rotated, same);
        }

        End(sessionId, SessionStatus.Revoked);
        return new RefreshOutcome(RefreshStatus.Reused, null);
    }

    public IReadOnlyList<SessionView> List(DateTimeOffset now)
    {
        PruneExpired(now);
        return sessions.Values
            .OrderByDescending(s => s.LastActivity)
            .ThenByDescending(s => s.CreatedAt)
            .Select(s => new SessionView(s.Id, s.CreatedAt, s.LastActivity, ExpiresAt(s), s.IpAddress, s.UserAgent, s.Device, s.RememberMe))
            .ToList();
    }

    public int CountActive(DateTimeOffset now)
    {
        PruneExpired(now);
        return sessions.Count;
    }

    public bool Revoke(string sessionId, DateTimeOffset now)
    {
        PruneExpired(now);
        if (!sessions.ContainsKey(sessionId))
        {
            return false;
        }

        End(sessionId, SessionStatus.Revoked);
        return true;
    }

    public int RevokeAll(string? keepSessionId, DateTimeOffset now)
    {
        PruneExpired(now);
        var doomed = sessions.Keys.Where(id => !string.Equals(id, keepSessionId, StringComparison.Ordinal)).ToList();
        foreach (var id in doomed)
        {
            End(id, SessionStatus.Revoked);
        }

        return doomed.Count;
    }

    /// <summary>Removes every expired session; returns how many went. Allocates nothing when none has expired (every login asks).</summary>
    public int PruneExpired(DateTimeOffset now)
    {
        List<string>? expired = null;
        foreach (var session in sessions.Values)
        {
            if (now >= ExpiresAt(session))
            {
                (expired ??= []).Add(session.Id);
            }
        }

        foreach (var id in expired ?? [])
        {
            End(id, SessionStatus.Expired);
        }

        return expired?.Count ?? 0;
    }

    /// <summary>
    /// The <paramref name="count"/> oldest sessions (by creation, then id). One is the usual case at the limit, so it
    /// is found in one pass instead of sorting.
    /// </summary>
    private IReadOnlyList<StoredSession> Oldest(int count)
    {
        if (count != 1)
        {
            return sessions.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Take(count).ToList();
        }

        StoredSession? oldest = null;
        foreach (var session in sessions.Values)
        {
            if (oldest is null || session.CreatedAt < oldest.CreatedAt
                || (session.CreatedAt == oldest.CreatedAt && string.CompareOrdinal(session.Id, oldest.Id) < 0))
            {
                oldest = session;
            }
        }

        return oldest is null ? [] : [oldest];
    }

    private IssuedTokens Rotate(StoredSession session, DateTimeOffset now)
    {
        var secret = SecureTokens.NewSecret();
        var rotated = session with
        {
            RefreshHash = SecureTokens.Hash(secret),
            PreviousRefreshHash = session.RefreshHash,
            Generation = session.Generation + 1,
            RotatedAt = now,
            LastActivity = now > session.LastActivity ? now : session.LastActivity,
        };
        sessions[session.Id] = rotated;
        HasUnsavedChanges = true;

        var tokens = Issue(rotated, secret, now);
        if (policy.RefreshReuseGrace > TimeSpan.Zero)
        {
            _lastRotation[session.Id] = tokens;
        }

        return tokens;
    }

    private bool IsWithinGrace(StoredSession session, DateTimeOffset now) =>
        policy.RefreshReuseGrace > TimeSpan.Zero
        && session.RotatedAt is { } rotatedAt
        && now - rotatedAt <= policy.RefreshReuseGrace;

    private IssuedTokens Issue(StoredSession session, string secret, DateTimeOffset now) =>
        new(session.Id, RefreshTokenFormat.Compose(userId, session.Id, secret), now, ExpiresAt(session), session.Generation,
            state.Identity ?? throw new InvalidOperationException("A user with sessions always has an identity."), session.RememberMe);

    private void End(string sessionId, SessionStatus reason, bool evicted = false)
    {
        if (sessions.Remove(sessionId))
        {
            _tally = reason == SessionStatus.Expired ? _tally with { Expired = _tally.Expired + 1 }
                : evicted ? _tally with { Evicted = _tally.Evicted + 1 }
                : _tally with { Revoked = _tally.Revoked + 1 };
        }

        _lastRotation.Remove(sessionId);
        HasUnsavedChanges = true;
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
    public sealed record Snapshot(Dictionary<string, StoredSession> Sessions, UserIdentity? Identity, bool HadUnsavedChanges, SessionTally Tally);

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string? Bounded(string? text) =>
        text is null ? null : text.Length <= MaxTextLength ? text : text[..MaxTextLength];

    private static DeviceInfo? Bounded(DeviceInfo? device) =>
        device is null
            ? null
            : new DeviceInfo(Bounded(device.DeviceType), Bounded(device.Os), Bounded(device.Browser), Bounded(device.DeviceFingerprint));
}
