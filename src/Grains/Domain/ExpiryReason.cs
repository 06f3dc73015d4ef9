namespace OrleansSessions.Grains.Domain;

/// <summary>Why a session has expired, as <see cref="SessionRules.ExpiryReasonAt"/> judges it.</summary>
internal enum ExpiryReason
{
    /// <summary>The session has not expired.</summary>
    NotExpired = 0,

    /// <summary>It went <see cref="SessionPolicy.IdleTimeout"/> without activity.</summary>
    Idle = 1,

    /// <summary>It reached the end of its lifetime from creation (absolute, or remember-me), however busy it was.</summary>
    Absolute = 2,
}
