using OrleansSessions.Grains.Expiry;

namespace OrleansSessions.UnitTests;

/// <summary>A user's shard of the expiry index is the same in every process and version, and user ids (32 hex characters) spread over all shards.</summary>
public sealed class ExpiryShardsTests
{
    [Theory]
    [InlineData("", 5)] // FNV-1a's offset basis, 2166136261, mod 8
    [InlineData("0123456789abcdef0123456789abcdef", 5)]
    [InlineData("xYWxpY2VAZXhhbXBsZS5jb20", 6)] // an external user's key
    public void A_key_always_lands_in_the_same_shard(string grainKey, int shard) => Assert.Equal(shard, ExpiryShards.Of(grainKey));

    [Fact]
    public void Ten_thousand_users_fill_every_shard_evenly()
    {
        var random = new Random(42);
        var counts = Enumerable.Range(0, 10_000).Select(_ => Convert.ToHexStringLower(RandomBytes(random))).CountBy(ExpiryShards.Of).ToDictionary();

        Assert.Equal(ExpiryShards.Count, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 10_000 / ExpiryShards.Count * 0.8, 10_000 / ExpiryShards.Count * 1.2));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }
}
