using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Revocation;

/// <summary>
/// The registry's side of <see cref="SessionCacheProtocol"/>: leases in memory (renewed every
/// <see cref="SessionCacheProtocol.RenewEvery"/>, so nothing is lost by not storing them). A registry that has been
/// active before in this cluster's life may have granted leases it no longer knows: for one lease length after
/// such a reactivation it tells revokers to wait those leases out. Lease times are real time, not the session clock.
/// </summary>
[GrainType("api-node-registry")]
internal sealed class ApiNodeRegistryGrain(
    [PersistentState("api-node-registry", GrainStorage.Accounts)] IPersistentState<ApiNodeRegistryState> state,
    TimeProvider time) : Grain, IApiNodeRegistryGrain
{
    private readonly Dictionary<string, ApiNodeLease> _leases = new(StringComparer.Ordinal);
    private DateTimeOffset _unknownLeasesEndAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _unknownLeasesEndAt = state.State.EverActivated ? time.GetUtcNow() + SessionCacheProtocol.LeaseLength : DateTimeOffset.MinValue;
        if (!state.State.EverActivated)
        {
            state.State.EverActivated = true;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<TimeSpan> Renew(string nodeId, ISessionRevocationObserver observer)
    {
        _leases[nodeId] = new ApiNodeLease(nodeId, observer, time.GetUtcNow() + SessionCacheProtocol.LeaseLength);
        DelayDeactivation(SessionCacheProtocol.LeaseLength * 4);
        return Task.FromResult(SessionCacheProtocol.LeaseLength);
    }

    public Task<ApiNodeDirectory> GetNodes()
    {
        var now = time.GetUtcNow();
        foreach (var expired in _leases.Values.Where(l => l.ExpiresAt <= now).Select(l => l.NodeId).ToList())
        {
            _leases.Remove(expired);
        }

        return Task.FromResult(new ApiNodeDirectory(_leases.Values.ToList(), _unknownLeasesEndAt));
    }
}
