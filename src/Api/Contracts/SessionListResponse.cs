using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Api.Contracts;

public sealed record SessionListResponse(IReadOnlyList<SessionDto> Sessions, int Count, int MaxSessions)
{
    public static SessionListResponse From(IReadOnlyList<SessionView> sessions, string? currentSessionId, int maxSessions)
    {
        var items = sessions.Select(s => new SessionDto(
                s.SessionId, s.CreatedAt, s.LastActivity, s.ExpiresAt, s.IpAddress, s.UserAgent,
                s.Device is { } d ? new DeviceInfoDto(d.DeviceType, d.Os, d.Browser, d.DeviceFingerprint) : null,
                s.RememberMe, s.SessionId == currentSessionId, s.AuthenticatedAt, s.Client, s.OpenedByService ? "service" : "password", s.NewDevice))
            .ToList();
        return new SessionListResponse(items, items.Count, maxSessions);
    }
}
