using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.Grains.Domain;

/// <summary>
/// The session rules for one user: limit, expiry, revocation and refresh-token rotation, over the user's
/// persisted sessions. Plain code, no Orleans: the grain calls it one turn at a time and persists what it changes.
/// </summary>
internal sealed class SessionBook(string userId, SessionPolicy policy, UserSessionsState state, TextPool? texts = null)
{
    private readonly SessionList sessions = new(Shared(state, texts));

    private const int EndedMemory = 64;
    private const int MaxTextLength = 512;

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

    public void MarkSaved() => HasUnsavedChanges = HasUnsavedActivity = false;

    /// <summary>Copies the sessions into the state object, ready to be stored.</summary>
    public void WriteTo(UserSessionsState target)
    {
        target.Identity = state.Identity;
        target.Sessions = ReferenceEquals(target, state) ? sessions.Stored : [.. sessions.Values];
    }

    /// <summary>What the book holds now, to go back to if the change about to be made cannot be stored.</summary>
    public Snapshot TakeSnapshot() => new([.. sessions.Values], state.Identity, HasUnsavedChanges, _tally);

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
            CreatedAtMs: now.ToUnixTimeMilliseconds(),
            LastActivityMs: now.ToUnixTimeMilliseconds(),
            RememberMe: request.RememberMe,
            IpAddress: Shared(Bounded(request.IpAddress)),
            UserAgent: Shared(Bounded(request.UserAgent)),
            Device: texts is null ? Bounded(request.Device) : texts.Share(Bounded(request.Device)),
            RefreshHash: SecureTokens.Hash(secret),
            Generation: 1,
            PreviousRefreshHash: null,
            RotatedAtMs: null);
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

        if (now >= ExpiresAt(session))
        {
            End(sessionId, SessionStatus.Expired);
            return SessionStatus.Expired;
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        if (nowMs > session.LastActivityMs)
        {
            sessions.Set(session with { LastActivityMs = nowMs });
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

        if (IsWithinGrace(session, now) && _lastRotation?.TryGetValue(sessionId, out var same) == true && same.Generation == session.Generation)
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
            .OrderByDescending(s => s.LastActivityMs)
            .ThenByDescending(s => s.CreatedAtMs)
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
        if (!sessions.Contains(sessionId))
        {
            return false;
        }

        End(sessionId, SessionStatus.Revoked);
        return true;
    }

    public int RevokeAll(string? keepSessionId, DateTimeOffset now)
    {
        PruneExpired(now);
        var doomed = sessions.Values.Select(s => s.Id).Where(id => !string.Equals(id, keepSessionId, StringComparison.Ordinal)).ToList();
        foreach (var id in doomed)
        {
            End(id, SessionStatus.Revoked);
        }

        return doomed.Count;
    }

    /// <summary>When the first of the sessions ends if nothing else happens; null without sessions.</summary>
    public DateTimeOffset? NextExpiry() => sessions.Count == 0 ? null : sessions.Values.Min(ExpiresAt);

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
            return sessions.Values.OrderBy(s => s.CreatedAtMs).ThenBy(s => s.Id, StringComparer.Ordinal).Take(count).ToList();
        }

        StoredSession? oldest = null;
        foreach (var session in sessions.Values)
        {
            if (oldest is null || session.CreatedAtMs < oldest.CreatedAtMs
                || (session.CreatedAtMs == oldest.CreatedAtMs && string.CompareOrdinal(session.Id, oldest.Id) < 0))
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
            RotatedAtMs = now.ToUnixTimeMilliseconds(),
            LastActivityMs = Math.Max(now.ToUnixTimeMilliseconds(), session.LastActivityMs),
        };
        sessions.Set(rotated);
        HasUnsavedChanges = true;

        var tokens = Issue(rotated, secret, now);
        if (policy.RefreshReuseGrace > TimeSpan.Zero)
        {
            (_lastRotation ??= new Dictionary<string, IssuedTokens>(StringComparer.Ordinal))[session.Id] = tokens;
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
    public sealed record Snapshot(IReadOnlyList<StoredSession> Sessions, UserIdentity? Identity, bool HadUnsavedChanges, SessionTally Tally);

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

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private string? Shared(string? text) => texts is null ? text : texts.Share(text);

    private static string? Bounded(string? text) =>
        text is null ? null : text.Length <= MaxTextLength ? text : text[..MaxTextLength];

    private static DeviceInfo? Bounded(DeviceInfo? device) =>
        device is null
            ? null
            : new DeviceInfo(Bounded(device.DeviceType), Bounded(device.Os), Bounded(device.Browser), Bounded(device.DeviceFingerprint));
}
