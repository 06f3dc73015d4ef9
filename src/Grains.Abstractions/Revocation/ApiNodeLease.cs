namespace OrleansSessions.Abstractions.Revocation;

/// <summary>A registered Api node: where to push revocations, and until when it may answer from its cache.</summary>
[GenerateSerializer, Immutable, Alias("os.ApiNodeLease")]
public sealed record ApiNodeLease(
    [property: Id(0)] string NodeId,
    [property: Id(1)] ISessionRevocationObserver Observer,
    [property: Id(2)] DateTimeOffset ExpiresAt);
