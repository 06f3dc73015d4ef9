namespace OrleansSessions.Abstractions.Roles;

/// <summary>The roles this service knows.</summary>
public static class Role
{
    /// <summary>Operators: any user's sessions, the cluster's figures, other users' roles.</summary>
    public const string Admin = "admin";
}
