using OrleansSessions.Abstractions.Calls;

namespace OrleansSessions.Abstractions.Roles;

/// <summary>
/// Who holds which role, for the whole cluster (key 0). One grain, so "never the last admin" is exact under
/// concurrent changes; role checks read it on every admin request, so a demotion is seen at once.
/// </summary>
[Alias("os.IRoleDirectoryGrain")]
public interface IRoleDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>The user's roles now. Retry-safe with the default response timeout: every sign-in asks it too.</summary>
    [RetrySafe]
    [Alias("RolesOf")]
    Task<IReadOnlyList<string>> RolesOf(string userId);

    /// <summary>
    /// The user's roles now, with the roster's revision: what a sign-in gives the user's grain, which keeps the later
    /// of what sign-ins and role changes tell it. Retry-safe like <see cref="RolesOf"/>.
    /// </summary>
    [RetrySafe]
    [Alias("CurrentRoles")]
    Task<UserRoles> CurrentRoles(string userId);

    /// <summary>Grants <paramref name="role"/>; the user's sessions carry it in their next tokens.</summary>
    [Alias("Grant")]
    Task<RoleChange> Grant(string userId, string role);

    /// <summary>Takes <paramref name="role"/> away, unless that would leave no admin.</summary>
    [Alias("Revoke")]
    Task<RoleChange> Revoke(string userId, string role);

    /// <summary>
    /// Grants admin to the bootstrap account <paramref name="userId"/> once in the cluster's life: a later start finds
    /// it set up and leaves a demotion in place.
    /// </summary>
    [Alias("GrantBootstrapAdmin")]
    Task<BootstrapOutcome> GrantBootstrapAdmin(string userId);
}
