namespace OrleansSessions.Api.Sessions;

/// <summary>What <see cref="SessionCheck"/> learnt about a token's session.</summary>
public enum SessionCheckResult
{
    Active = 0,

    /// <summary>Revoked, evicted by the limit, or unknown to its grain (never reveal more).</summary>
    Revoked = 1,

    Expired = 2,

    /// <summary>The cluster or its store did not answer: nothing is known.</summary>
    StoreUnavailable = 3,
}
