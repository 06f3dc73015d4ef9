namespace OrleansSessions.Grains.Domain;

/// <summary>Counts of session events: opened, revoked (by the user, an operator or reuse), expired, evicted by the limit.</summary>
internal sealed record SessionTally(int Created, int Revoked, int Expired, int Evicted);
