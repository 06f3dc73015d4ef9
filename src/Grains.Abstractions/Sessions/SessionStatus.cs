namespace OrleansSessions.Abstractions.Sessions;

/// <summary>What the user's grain says about a session id named by an access token.</summary>
public enum SessionStatus
{
    Active = 0,
    /// <summary>Revoked, evicted by the limit, or unknown to the grain (never reveal more).</summary>
    Revoked = 1,
    Expired = 2,
}
