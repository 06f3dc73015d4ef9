namespace OrleansSessions.Abstractions.Roles;

/// <summary>What a grant or revocation of a role did.</summary>
[GenerateSerializer, Alias("os.RoleChange")]
public enum RoleChange
{
    /// <summary>The user holds (grant) or no longer holds (revoke) the role; also when that was already so.</summary>
    Done = 0,

    /// <summary>Refused: the user is the last admin, and the cluster would have none.</summary>
    LastAdmin = 1,
}
