namespace OrleansSessions.Grains.Roles;

/// <summary>
/// Role calls between silos while a rolling deploy from a release before 2026-12-02 has silos of both: a silo of the
/// earlier release cannot read a call it does not have (<see cref="IRoleDirectoryGrain.CurrentRoles"/>,
/// <see cref="IUserSessionsGrain.UpdateRoles(UserRoles)"/>) and answers <see cref="TypeLoadException"/>; the call is
/// then made the earlier way, without a revision. Remove once no silo of an earlier release runs.
/// </summary>
internal static class EarlierReleases
{
    /// <summary>The user's roles with the roster's revision; revision 0 from an earlier release's directory.</summary>
    public static async Task<UserRoles> CurrentRolesAsync(this IRoleDirectoryGrain directory, string userId)
    {
        try
        {
            return await directory.CurrentRoles(userId);
        }
        catch (TypeLoadException)
        {
            return new UserRoles(await directory.RolesOf(userId), 0);
        }
    }

    /// <summary>Tells the user's grain its roles; an earlier release's grain takes them without the revision.</summary>
    public static async Task TellRolesAsync(this IUserSessionsGrain user, UserRoles roles)
    {
        try
        {
            await user.UpdateRoles(roles);
        }
        catch (TypeLoadException)
        {
            await user.UpdateRoles(roles.Names);
        }
    }
}
