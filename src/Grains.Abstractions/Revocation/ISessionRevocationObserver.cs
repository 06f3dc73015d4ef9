namespace OrleansSessions.Abstractions.Revocation;

/// <summary>An Api node's ear: told of every session that ends, so its local cache never answers for it again.</summary>
[Alias("os.ISessionRevocationObserver")]
public interface ISessionRevocationObserver : IGrainObserver
{
    [Alias("Revoked")]
    Task Revoked(IReadOnlyList<string> sessionIds);
}
