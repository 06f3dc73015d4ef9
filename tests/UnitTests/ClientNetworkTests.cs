using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary>Throttling counts IPv4 addresses one by one and IPv6 addresses by their /64.</summary>
public sealed class ClientNetworkTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::", "2001:db8:1:2::/64")]
    [InlineData("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    [InlineData("fe80::1%3", "fe80::/64")]
    [InlineData("unknown", "unknown")]
    public void Keys(string address, string expected) => Assert.Equal(expected, ClientNetwork.Of(address));

    [Fact]
    public void Two_addresses_of_one_64_share_a_key_and_the_next_64_does_not()
    {
        Assert.Equal(ClientNetwork.Of("2001:db8:a:b::1"), ClientNetwork.Of("2001:db8:a:b:ffff::2"));
        Assert.NotEqual(ClientNetwork.Of("2001:db8:a:b::1"), ClientNetwork.Of("2001:db8:a:c::1"));
        Assert.NotEqual(ClientNetwork.Of("203.0.113.1"), ClientNetwork.Of("203.0.113.2"));
    }
}
