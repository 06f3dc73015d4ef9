using OrleansSessions.Abstractions.Calls;
using OrleansSessions.Abstractions.Roles;

namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// One user's active sessions (key: user id). Every call is one turn of the grain, so the per-user limit,
/// rotation and revocation are exact under concurrency. Calls that change sessions get fifteen seconds, like the
/// sign-in calls: a change may wait for the revocation push (or for a stale copy on a silo declared dead), and the
/// caller must get its real outcome rather than time out on a change that is then made (a 503 means nothing changed).
/// </summary>
[Alias("os.IUserSessionsGrain")]
public interface IUserSessionsGrain : IGrainWithStringKey
{
    /// <summary>Opens a session, applying the per-user limit policy.</summary>
    [ResponseTimeout("00:00:15")]
    [Alias("Open")]
    Task<LoginOutcome> Open(NewSessionRequest request);

    /// <summary>
    /// Opens a session for a user a backend has authenticated itself (it holds a service key, checked by the Api; this
    /// grain's key is <see cref="ExternalUsers.GrainKey"/> of the external id): no account and no password, but the same
    /// opening as a login, so the per-client limit, expiry, rotation and revocation hold alike. The Api calls it
    /// directly, one grain call with no hop between. The request must carry the session's id and refresh secret
    /// (<see cref="SessionOpening"/>), chosen by the caller once, so sending it again after a lost answer opens that
    /// one session, never a second: the Api retries it as it retries reads.
    /// </summary>
    [RetrySafe, ResponseTimeout("00:00:15")]
    [Alias("OpenForService")]
    Task<LoginOutcome> OpenForService(SignIn.ServiceSignIn request);

    /// <summary>Checks a session and records activity in memory (no store write on this path).</summary>
    [RetrySafe, ResponseTimeout("00:00:02")]
    [Alias("Validate")]
    Task<SessionStatus> Validate(string sessionId);

    /// <summary>
    /// Rotates the refresh token of the session the attempt names. The caller has checked the token's MAC: the
    /// generation is trusted as the service's own, so an earlier one is proof the token was already rotated away.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("RefreshAttempt")]
    Task<RefreshOutcome> Refresh(RefreshAttempt attempt);

    /// <summary>
    /// Checks a session as <see cref="Validate"/> does (activity recorded in memory) and, while it is active, says
    /// what introspection reports of it: client, custom claims as they are now, last proof of identity.
    /// </summary>
    [RetrySafe, ResponseTimeout("00:00:02")]
    [Alias("Describe")]
    Task<SessionDescription> Describe(string sessionId);

    /// <summary>Replaces the custom claims of a session (compact JSON object, validated; null for none); false when it is not active.</summary>
    [ResponseTimeout("00:00:15")]
    [Alias("UpdateClaims")]
    Task<bool> UpdateClaims(string sessionId, string? claimsJson);

    [RetrySafe, ResponseTimeout("00:00:02")]
    [Alias("List")]
    Task<IReadOnlyList<SessionView>> List();

    [RetrySafe, ResponseTimeout("00:00:02")]
    [Alias("Count")]
    Task<int> Count();

    /// <summary>Revokes one session; false when the user has no such active session. <paramref name="reason"/> goes into its event.</summary>
    [ResponseTimeout("00:00:15")]
    [Alias("Revoke")]
    Task<bool> Revoke(string sessionId, RevocationReason reason = RevocationReason.UserRevoked);

    /// <summary>
    /// Ends the caller's own session (sign-out); an unknown or already ended session is no error. As long as a revoke
    /// may take: it returns once every Api node was told or its cache lease ran out (seconds, when a node died).
    /// </summary>
    [RetrySafe, ResponseTimeout("00:00:15")]
    [Alias("Logout")]
    Task Logout(string sessionId);

    /// <summary>
    /// The user of <paramref name="sessionId"/> has just proven who they are again (the sign-in flow checked it):
    /// a new token pair whose <c>auth_time</c> is now; null when the session is not active.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("Reauthenticate")]
    Task<IssuedTokens?> Reauthenticate(string sessionId);

    /// <summary>
    /// The user's roles changed (from the role directory, or a sign-in that saw a change while it opened its session):
    /// tokens issued from now on carry them, unless the grain already holds a later revision.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("UpdateRoles.v2")]
    Task UpdateRoles(UserRoles roles);

    /// <summary>
    /// The roles as role directories of releases before 2026-12-02 tell them (no revision): taken as they come, as
    /// those releases did; this release tells a grain on a silo of an earlier release this way too (EarlierReleases).
    /// Remove it once no silo of an earlier release runs.
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("UpdateRoles")]
    Task UpdateRoles(IReadOnlyList<string> roles);

    /// <summary>Revokes every session except <paramref name="keepSessionId"/> (none kept when null), for <paramref name="reason"/>.</summary>
    [ResponseTimeout("00:00:15")]
    [Alias("RevokeAll")]
    Task<int> RevokeAll(string? keepSessionId, RevocationReason reason = RevocationReason.LogoutAll);

    /// <summary>
    /// A password change to <paramref name="passwordVersion"/>: from now on a session proven with an older password is
    /// not opened, and every session but <paramref name="keepSessionId"/> is revoked. Once per version: a repeat
    /// revokes nothing (sessions opened with the new password stay).
    /// </summary>
    [ResponseTimeout("00:00:15")]
    [Alias("RevokeBeforePasswordVersion")]
    Task<int> RevokeBeforePasswordVersion(int passwordVersion, string? keepSessionId);

    /// <summary>Password throttling locked the user's account (the last failure came from <paramref name="ipAddress"/>): an <c>account.locked</c> event.</summary>
    [ResponseTimeout("00:00:15")]
    [Alias("AccountLocked")]
    Task AccountLocked(string? ipAddress);
}
