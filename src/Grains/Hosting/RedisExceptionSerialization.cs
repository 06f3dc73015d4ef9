using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// Lets Orleans carry StackExchange.Redis exceptions in its answers, on silos and clients alike. Orleans serializes only
/// exceptions of the namespaces it knows (System, Microsoft, Azure). A Redis failure thrown by one of its own grains
/// (the management grain reads the membership table) could not be written into the answer: the silo logged an error
/// with its stack for every such call, and the caller got a <see cref="CodecNotFoundException"/> in place of the
/// failure, as the Api's readiness check did every time it was probed while Redis was down. With this the caller gets
/// the failure itself, or Orleans' fallback that names its type. This product's own storage failure
/// (<see cref="ReplicasBehindException"/>, inside the exception Orleans wraps a provider's failure in) travels the same
/// way: without it the Api got a codec failure, a 500, where a 503 belongs.
/// </summary>
public static class RedisExceptionSerialization
{
    public const string NamespacePrefix = "StackExchange.Redis";

    public static IServiceCollection AddRedisExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o =>
        {
            o.SupportedNamespacePrefixes.Add(NamespacePrefix);
            o.SupportedNamespacePrefixes.Add(typeof(ReplicasBehindException).Namespace!);
        });
}
