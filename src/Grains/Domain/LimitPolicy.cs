namespace OrleansSessions.Grains.Domain;

/// <summary>What happens when a user at the session limit logs in again.</summary>
public enum LimitPolicy
{
    /// <summary>The login succeeds and the oldest session (earliest created) is revoked.</summary>
    EvictOldest = 0,

    /// <summary>The login is refused.</summary>
    RejectNew = 1,
}
