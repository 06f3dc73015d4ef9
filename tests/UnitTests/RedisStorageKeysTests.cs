using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using OrleansSessions.Grains.Hosting;
using StackExchange.Redis;

namespace OrleansSessions.UnitTests;

public sealed class RedisStorageKeysTests
{
    [Theory]
    [InlineData("user-sessions", "3f1c2b8e-user", "user-sessions")]
    [InlineData("account", "élodie+{tag}@example.com", "account")]
    [InlineData("account-throttle", "bob@example.com", "account-throttle")]
    public void The_key_is_byte_for_byte_the_orleans_providers_default(string type, string key, string grainType)
    {
        var grainId = GrainId.Create(type, key);

        var ours = RedisStorageKeys.For("svc")(grainType, grainId);

        Assert.Equal(ProviderDefault("svc", grainType, grainId), ours);
        Assert.Equal($"svc/state/{type}/{key}/{grainType}", ours.ToString());
    }

    // The provider's own (private) layout, so stored data stays where existing deployments wrote it.
    private static RedisKey ProviderDefault(string serviceId, string grainType, GrainId grainId)
    {
        var storage = new RedisGrainStorage(
            "test", new RedisStorageOptions(), null!, Options.Create(new ClusterOptions { ServiceId = serviceId }), null!,
            NullLogger<RedisGrainStorage>.Instance);
        var method = typeof(RedisGrainStorage).GetMethod("DefaultGetStorageKey", BindingFlags.Instance | BindingFlags.NonPublic)!;
        return (RedisKey)method.Invoke(storage, [grainType, grainId])!;
    }
}
