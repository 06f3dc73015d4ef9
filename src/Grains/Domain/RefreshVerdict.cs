namespace OrleansSessions.Grains.Domain;

/// <summary>What a refresh secret presented for a session amounts to, as <see cref="SessionRules.JudgeRefresh"/> judges it.</summary>
internal enum RefreshVerdict
{
    /// <summary>
    /// The current generation with a wrong secret, or a generation the session never reached: refused, the session stays.
    /// </summary>
    Invalid = 0,

    /// <summary>The session has expired: refused, whatever the secret.</summary>
    Expired = 1,

    /// <summary>The current secret: the session rotates to a new one.</summary>
    Rotate = 2,

    /// <summary>
    /// An earlier generation of the session (any token already rotated away), outside the grace window: theft, the
    /// session is revoked.
    /// </summary>
    Reused = 3,

    /// <summary>
    /// The secret it was rotated away from, within <see cref="SessionPolicy.RefreshReuseGrace"/> of that rotation: a
    /// duplicate that may get the same new pair back (if the pair is still known; otherwise it counts as reuse).
    /// </summary>
    WithinGrace = 4,
}
