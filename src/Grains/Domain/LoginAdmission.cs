namespace OrleansSessions.Grains.Domain;

/// <summary>
/// What the per-user limit says about one more login: refused (<see cref="LimitPolicy.RejectNew"/>), or admitted once
/// the sessions in <see cref="Evicted"/> (oldest first; usually none) are revoked.
/// </summary>
internal readonly record struct LoginAdmission(bool Refused, IReadOnlyList<StoredSession> Evicted);
