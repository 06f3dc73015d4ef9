using OrleansSessions.Domain;

namespace OrleansSessions.Sessions;

/// <summary>The persisted state of one user's grain: who the user is and the active sessions by id.</summary>
[GenerateSerializer, Alias("os.UserSessionsState")]
public sealed class UserSessionsState
{
    [Id(0)]
    public Dictionary<string, StoredSession> Sessions { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public UserIdentity? Identity { get; set; }
}
