namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// For grains that answer from the state they hold (accounts, the role directory): while Orleans may hold a second copy
/// of the grain (<see cref="MembershipWatch.MustRecheck"/>), the state is read again before it is answered from, so a
/// password or a role the other copy changed holds here too. A store out of reach fails the call: sign-ins and role
/// checks need the store anyway.
/// </summary>
internal static class MembershipRecheck
{
    public static Task RereadWhileCopiesMayExistAsync<T>(this IPersistentState<T> state, MembershipWatch membership) =>
        membership.MustRecheck ? state.ReadStateAsync() : Task.CompletedTask;
}
