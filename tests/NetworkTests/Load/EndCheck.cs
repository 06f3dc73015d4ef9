namespace OrleansSessions.NetworkTests.Load;

/// <summary>What the service held after the faults, compared with what the workload was answered.</summary>
public sealed record EndCheck(
    int ActiveSessions, int Lost, int Overshoots, int Phantoms, int RevokedRefreshes, int RevokedRefreshesNot401, IReadOnlyList<string> Problems)
{
    public override string ToString() =>
        $"{ActiveSessions} sessions that must be active: {Lost} lost (do not refresh), {Overshoots} users over the limit, "
        + $"{Phantoms} sessions no answered login opened; {RevokedRefreshes} revoked refresh tokens, {RevokedRefreshesNot401} not refused with 401";
}
