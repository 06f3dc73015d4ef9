namespace OrleansSessions.Abstractions.Revocation;

/// <summary>
/// The nodes that may be answering from a cache, and, right after the registry (re)activated, the moment until
/// which a node it does not know yet may still hold a lease it granted before.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.ApiNodeDirectory")]
public sealed record ApiNodeDirectory(
    [property: Id(0)] IReadOnlyList<ApiNodeLease> Nodes,
    [property: Id(1)] DateTimeOffset UnknownLeasesEndAt);
