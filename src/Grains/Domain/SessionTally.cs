namespace OrleansSessions.Domain;

/// <summary>Counts of session events: opened, revoked (by the user, an operator or reuse), expired, evicted by the limit.</summary>
public sealed record SessionTally(int Created, int Revoked, int Expired, int Evicted);
