using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.Grains.Roles;

/// <summary>
/// A thin shell over <see cref="RoleRoster"/>: a change is stored before it is answered, and the user's grain is
/// told the new roles so the tokens it issues from then on carry them. A grant or revoke that finds the roster as asked
/// tells the user's grain all the same: when the first attempt stored the change but could not tell, its retry does.
/// What it tells carries the roster's revision, so the user's grain keeps the later of it and a racing sign-in's roles.
/// </summary>
[GrainType("role-directory")]
internal sealed class RoleDirectoryGrain(
    [PersistentState("roles", GrainStorage.Accounts)] IPersistentState<RoleRosterState> state,
    MembershipWatch membership,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time,
    ILogger<RoleDirectoryGrain> logger) : Grain, IRoleDirectoryGrain
{
    private VersionedState<RoleRosterState> _stored = null!;

    private RoleRoster Roster => new(state.State);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = new VersionedState<RoleRosterState>(state, membership, ServiceProvider.GetService<SharedRedisConnection>(), time, DelayDeactivation);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _stored.RecheckBeforeLeavingAsync(logger); // a change Redis lost may still be only in memory

    public async Task<IReadOnlyList<string>> RolesOf(string userId)
    {
        await _stored.RecheckAsync();
        return Roster.RolesOf(userId);
    }

    public async Task<UserRoles> CurrentRoles(string userId)
    {
        await _stored.RecheckAsync();
        return Roster.CurrentRoles(userId);
    }

    public async Task<RoleChange> Grant(string userId, string role)
    {
        await _stored.RecheckAsync();
        if (Roster.Grant(userId, role))
        {
            await _stored.WriteOrLeaveAsync(DeactivateOnIdle);
        }

        await TellAsync(userId);
        return RoleChange.Done;
    }

    public async Task<RoleChange> Revoke(string userId, string role)
    {
        await _stored.RecheckAsync();
        var (outcome, changed) = Roster.Revoke(userId, role);
        if (changed)
        {
            await _stored.WriteOrLeaveAsync(DeactivateOnIdle);
        }

        if (outcome == RoleChange.Done)
        {
            await TellAsync(userId);
        }

        return outcome;
    }

    public async Task<BootstrapOutcome> GrantBootstrapAdmin(string userId)
    {
        await _stored.RecheckAsync();
        if (!Roster.GrantBootstrapAdmin(userId))
        {
            await TellAsync(userId); // a retry after a first attempt that stored the grant but could not tell
            return BootstrapOutcome.AlreadySetUp;
        }

        await _stored.WriteOrLeaveAsync(DeactivateOnIdle);
        await TellAsync(userId);
        return BootstrapOutcome.Created;
    }

    private Task TellAsync(string userId) => GrainFactory.GetGrain<IUserSessionsGrain>(userId).TellRolesAsync(Roster.CurrentRoles(userId));
}
