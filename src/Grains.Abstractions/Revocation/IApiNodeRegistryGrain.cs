namespace OrleansSessions.Abstractions.Revocation;

/// <summary>
/// Leases for Api-node caches (key 0). A node renews its lease every second; a node whose lease has run out
/// answers nothing from its cache. Consulted only when sessions end, never on the validation path.
/// </summary>
[Alias("os.IApiNodeRegistryGrain")]
public interface IApiNodeRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Grants or renews a lease; its length, counted from when the node asked.</summary>
    [Alias("Renew")]
    Task<TimeSpan> Renew(string nodeId, ISessionRevocationObserver observer);

    [Alias("GetNodes")]
    Task<ApiNodeDirectory> GetNodes();
}
