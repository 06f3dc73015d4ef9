namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// A session as introspection reports it, read from its grain: its status and, while active, its client, its custom
/// claims as they are now (a change is seen at once) and when its user last proved who they are.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.SessionDescription")]
public sealed record SessionDescription(
    [property: Id(0)] SessionStatus Status,
    [property: Id(1)] string? Client,
    [property: Id(2)] string? ClaimsJson,
    [property: Id(3)] DateTimeOffset? AuthTime)
{
    public static SessionDescription Inactive(SessionStatus status) => new(status, null, null, null);
}
