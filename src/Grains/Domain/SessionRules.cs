namespace OrleansSessions.Grains.Domain;

/// <summary>
/// The session rules as pure functions of a policy, sessions and a clock value: when a session expires and why, what
/// the per-user limit does to a login, how a presented refresh secret is judged, and what a new, active or rotated
/// session looks like. Nothing here keeps or changes state; <see cref="SessionBook"/> applies what they decide.
/// </summary>
internal static class SessionRules
{
    /// <summary>The longest client-supplied text kept (address, user agent, each device field); longer ones are cut.</summary>
    public const int MaxClientTextLength = 512;

    /// <summary>
    /// When the session expires if nothing else happens: a remember-me session lives its own lifetime from creation
    /// and has no idle timeout; any other ends at the earlier of its idle timeout (after its last activity) and its
    /// absolute lifetime (after its creation).
    /// Each session follows its client's policy (<see cref="SessionPolicy.For"/>).
    /// </summary>
    public static DateTimeOffset ExpiresAt(SessionPolicy policy, StoredSession session)
    {
        policy = policy.For(session.Client);
        return session.RememberMe
            ? session.CreatedAt + policy.RememberMeLifetime
            : Earliest(session.CreatedAt + policy.AbsoluteLifetime, session.LastActivity + policy.IdleTimeout);
    }

    public static bool IsExpired(SessionPolicy policy, StoredSession session, DateTimeOffset now) => now >= ExpiresAt(policy, session);

    /// <summary>
    /// Whether the session has expired at <paramref name="now"/> and which deadline ended it: the earlier of the two;
    /// absolute when they fall together (no activity could have saved it), and always absolute for remember-me.
    /// </summary>
    public static ExpiryReason ExpiryReasonAt(SessionPolicy policy, StoredSession session, DateTimeOffset now)
    {
        if (!IsExpired(policy, session, now))
        {
            return ExpiryReason.NotExpired;
        }

        policy = policy.For(session.Client);
        return session.RememberMe || session.CreatedAt + policy.AbsoluteLifetime <= session.LastActivity + policy.IdleTimeout
            ? ExpiryReason.Absolute
            : ExpiryReason.Idle;
    }

    /// <summary>
    /// What the per-user limit does to one more login of <paramref name="client"/> beside the <paramref name="active"/>
    /// sessions (expired ones already gone). The limit is the client's and counts only that client's sessions (a user
    /// may hold 5 <c>web</c> and 2 <c>mobile</c> sessions): below it the login is admitted; at it,
    /// <see cref="LimitPolicy.RejectNew"/> refuses it and <see cref="LimitPolicy.EvictOldest"/> admits it once enough
    /// of that client's oldest sessions (by creation, then id) go to leave room for it, more than one if the limit was lowered.
    /// </summary>
    public static LoginAdmission Admit(SessionPolicy policy, IReadOnlyList<StoredSession> active, string client = SessionClients.Default)
    {
        policy = policy.For(client);
        active = OfClient(active, client);
        if (active.Count < policy.MaxPerUser)
        {
            return new LoginAdmission(Refused: false, Evicted: []);
        }

        return policy.LimitPolicy == LimitPolicy.RejectNew
            ? new LoginAdmission(Refused: true, Evicted: [])
            : new LoginAdmission(Refused: false, Evicted: Oldest(active, active.Count - policy.MaxPerUser + 1));
    }

    /// <summary>
    /// What a refresh token of <paramref name="generation"/> with <paramref name="secret"/>, presented for
    /// <paramref name="session"/> at <paramref name="now"/>, amounts to. The Api has checked the token's MAC, so its
    /// generation is the service's own word: a generation before the session's is a token already rotated away, which
    /// is theft (reuse) whatever its age, except the one just rotated away, presented again within the grace window of
    /// that rotation. An expired session refuses any token; the current generation needs the current secret; a
    /// generation the session never reached is invalid.
    /// </summary>
    public static RefreshVerdict JudgeRefresh(SessionPolicy policy, StoredSession session, int generation, string secret, DateTimeOffset now)
    {
        if (IsExpired(policy, session, now))
        {
            return RefreshVerdict.Expired;
        }

        if (generation >= session.Generation)
        {
            return generation == session.Generation && SecureTokens.Matches(session.RefreshHash, secret)
                ? RefreshVerdict.Rotate
                : RefreshVerdict.Invalid;
        }

        var justRotatedAway = generation == session.Generation - 1 && SecureTokens.Matches(session.PreviousRefreshHash, secret);
        return justRotatedAway && IsWithinGrace(policy, session, now) ? RefreshVerdict.WithinGrace : RefreshVerdict.Reused;
    }

    /// <summary>Whether a duplicate refresh can ever be answered with the pair it duplicates (the grace window is on).</summary>
    public static bool HasReuseGrace(SessionPolicy policy) => policy.RefreshReuseGrace > TimeSpan.Zero;

    /// <summary>
    /// A session opened at <paramref name="now"/>: first generation, active since its creation, never rotated, its
    /// refresh <paramref name="secret"/> kept only as a hash. Texts are stored as given: client texts go through
    /// <see cref="ClientText"/> and <see cref="ClientDevice"/> first.
    /// </summary>
    public static StoredSession NewSession(
        string sessionId, string secret, DateTimeOffset now, bool rememberMe, string? ipAddress, string? userAgent, DeviceInfo? device,
        string client = SessionClients.Default, string? claimsJson = null) =>
        new(
            Id: sessionId,
            CreatedAtMs: now.ToUnixTimeMilliseconds(),
            LastActivityMs: now.ToUnixTimeMilliseconds(),
            RememberMe: rememberMe,
            IpAddress: ipAddress,
            UserAgent: userAgent,
            Device: device,
            RefreshHash: SecureTokens.Hash(secret),
            Generation: 1,
            PreviousRefreshHash: null,
            RotatedAtMs: null,
            Client: client == SessionClients.Default ? null : client,
            ClaimsJson: claimsJson);

    /// <summary>
    /// Whether an <c>Open</c> naming a session the user already holds is the same login sent again (its first answer
    /// was lost): the session still holds the refresh secret it was opened with, never rotated nor re-authenticated.
    /// Anything else is not that login's session.
    /// </summary>
    public static bool IsRepeatedOpening(StoredSession held, SessionOpening opening) =>
        held.Id == opening.SessionId && held.Generation == 1 && held.AuthenticatedAtMs is null
        && SecureTokens.Matches(held.RefreshHash, opening.RefreshSecret);

    /// <summary>
    /// The session after rotating to <paramref name="secret"/> at <paramref name="now"/>: the replaced hash kept to
    /// detect its reuse, one generation on, and the refresh counted as activity.
    /// </summary>
    public static StoredSession Rotated(StoredSession session, string secret, DateTimeOffset now) =>
        session with
        {
            RefreshHash = SecureTokens.Hash(secret),
            PreviousRefreshHash = session.RefreshHash,
            Generation = session.Generation + 1,
            RotatedAtMs = now.ToUnixTimeMilliseconds(),
            LastActivityMs = Math.Max(now.ToUnixTimeMilliseconds(), session.LastActivityMs),
        };

    /// <summary>
    /// The session after its user proved who they are again at <paramref name="now"/>: rotated as a refresh is, with
    /// <see cref="StoredSession.AuthenticatedAt"/> moved to now.
    /// </summary>
    public static StoredSession Reauthenticated(StoredSession session, string secret, DateTimeOffset now) =>
        Rotated(session, secret, now) with { AuthenticatedAtMs = now.ToUnixTimeMilliseconds() };

    /// <summary>
    /// The session with activity at <paramref name="now"/>, which slides its idle expiry; null when that records
    /// nothing newer than its last activity (activity never moves back).
    /// </summary>
    public static StoredSession? WithActivity(StoredSession session, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        return nowMs > session.LastActivityMs ? session with { LastActivityMs = nowMs } : null;
    }

    /// <summary>A client-supplied text as kept: cut to <see cref="MaxClientTextLength"/>.</summary>
    public static string? ClientText(string? text) =>
        text is null ? null : text.Length <= MaxClientTextLength ? text : text[..MaxClientTextLength];

    /// <summary>A client-supplied device as kept: each of its texts cut to <see cref="MaxClientTextLength"/>.</summary>
    public static DeviceInfo? ClientDevice(DeviceInfo? device) =>
        device is null
            ? null
            : new DeviceInfo(
                ClientText(device.DeviceType), ClientText(device.Os), ClientText(device.Browser), ClientText(device.DeviceFingerprint));

    /// <summary>The sessions of <paramref name="client"/>; the list itself when all are (no allocation in the common case).</summary>
    private static IReadOnlyList<StoredSession> OfClient(IReadOnlyList<StoredSession> sessions, string client)
    {
        for (var i = 0; i < sessions.Count; i++)
        {
            if (!string.Equals(sessions[i].ClientName, client, StringComparison.Ordinal))
            {
                return sessions.Where(s => string.Equals(s.ClientName, client, StringComparison.Ordinal)).ToList();
            }
        }

        return sessions;
    }

    private static bool IsWithinGrace(SessionPolicy policy, StoredSession session, DateTimeOffset now) =>
        HasReuseGrace(policy)
        && session.RotatedAt is { } rotatedAt
        && now - rotatedAt <= policy.RefreshReuseGrace;

    /// <summary>
    /// The <paramref name="count"/> oldest sessions (by creation, then id). One is the usual case at the limit, so it
    /// is found in one pass instead of sorting.
    /// </summary>
    private static IReadOnlyList<StoredSession> Oldest(IReadOnlyList<StoredSession> sessions, int count)
    {
        if (count != 1)
        {
            return sessions.OrderBy(s => s.CreatedAtMs).ThenBy(s => s.Id, StringComparer.Ordinal).Take(count).ToList();
        }

        StoredSession? oldest = null;
        for (var i = 0; i < sessions.Count; i++)
        {
            var session = sessions[i];
            if (oldest is null || session.CreatedAtMs < oldest.CreatedAtMs
                || (session.CreatedAtMs == oldest.CreatedAtMs && string.CompareOrdinal(session.Id, oldest.Id) < 0))
            {
                oldest = session;
            }
        }

        return oldest is null ? [] : [oldest];
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
