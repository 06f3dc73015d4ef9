namespace OrleansSessions.Grains.Domain;

/// <summary>
/// The role rules over the stored roster: grants are idempotent, the last admin keeps the role, and the bootstrap
/// grant happens once per account. Every change moves the roster's revision on, so readings of a user's roles can be
/// ordered. Plain code, unit-tested; the directory grain stores what it changes.
/// </summary>
internal sealed class RoleRoster(RoleRosterState state, TimeProvider? time = null)
{
    public IReadOnlyList<string> RolesOf(string userId) =>
        state.Roles.TryGetValue(userId, out var roles) ? [.. roles] : [];

    public UserRoles CurrentRoles(string userId) => new(RolesOf(userId), state.Revision);

    /// <summary>True when the roster changed.</summary>
    public bool Grant(string userId, string role)
    {
        if (!state.Roles.TryGetValue(userId, out var roles))
        {
            state.Roles[userId] = roles = [];
        }

        return roles.Add(role) && Changed();
    }

    public (RoleChange Outcome, bool Changed) Revoke(string userId, string role)
    {
        if (!state.Roles.TryGetValue(userId, out var roles) || !roles.Contains(role))
        {
            return (RoleChange.Done, false);
        }

        if (role == Role.Admin && CountHolders(Role.Admin) == 1)
        {
            return (RoleChange.LastAdmin, false);
        }

        roles.Remove(role);
        if (roles.Count == 0)
        {
            state.Roles.Remove(userId);
        }

        return (RoleChange.Done, Changed());
    }

    /// <summary>Admin for the bootstrap account, the first time only; true when the roster changed.</summary>
    public bool GrantBootstrapAdmin(string userId)
    {
        if (!state.BootstrappedUserIds.Add(userId))
        {
            return false;
        }

        Grant(userId, Role.Admin);
        return true;
    }

    /// <summary>
    /// Moves the revision on: one more, and never less than the clock in Unix milliseconds, so it still orders changes
    /// after an older release (or a restore) wrote the roster without it.
    /// </summary>
    private bool Changed()
    {
        state.Revision = Math.Max(state.Revision + 1, (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds());
        return true;
    }

    private int CountHolders(string role)
    {
        var count = 0;
        foreach (var roles in state.Roles.Values)
        {
            if (roles.Contains(role))
            {
                count++;
            }
        }

        return count;
    }
}
