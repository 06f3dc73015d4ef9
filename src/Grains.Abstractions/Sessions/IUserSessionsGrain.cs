namespace OrleansSessions.Sessions;

/// <summary>
/// One user's active sessions (key: user id). Every call is one turn of the grain, so the per-user limit,
/// rotation and revocation are exact under concurrency.
/// </summary>
[Alias("os.IUserSessionsGrain")]
public interface IUserSessionsGrain : IGrainWithStringKey
{
    /// <summary>Opens a session, applying the per-user limit policy.</summary>
    [Alias("Open")]
    Task<LoginOutcome> Open(NewSessionRequest request);

    /// <summary>Checks a session and records activity in memory (no store write on this path).</summary>
    [Alias("Validate")]
    Task<SessionStatus> Validate(string sessionId);

    /// <summary>Rotates the refresh token of the session it names.</summary>
    [Alias("Refresh")]
    Task<RefreshOutcome> Refresh(string refreshToken);

    [Alias("List")]
    Task<IReadOnlyList<SessionView>> List();

    [Alias("Count")]
    Task<int> Count();

    /// <summary>Revokes one session; false when the user has no such active session.</summary>
    [Alias("Revoke")]
    Task<bool> Revoke(string sessionId);

    /// <summary>Revokes every session except <paramref name="keepSessionId"/> (none kept when null).</summary>
    [Alias("RevokeAll")]
    Task<int> RevokeAll(string? keepSessionId);
}
