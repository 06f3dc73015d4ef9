using System.Net;
using System.Net.Sockets;

namespace OrleansSessions.Grains.Domain;

/// <summary>
/// The client a throttling count belongs to: an IPv4 address as it is, an IPv6 address by its /64 network (one
/// subscriber usually holds a whole /64, so counting single IPv6 addresses would give each of them 2^64 fresh counts).
/// </summary>
internal static class ClientNetwork
{
    private const int Ipv6PrefixBytes = 8;

    /// <summary>The throttling key of <paramref name="clientAddress"/>; text that is not an address is its own key.</summary>
    public static string Of(string clientAddress)
    {
        if (!IPAddress.TryParse(clientAddress, out var address))
        {
            return clientAddress;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, Ipv6PrefixBytes, bytes.Length - Ipv6PrefixBytes);
        return $"{new IPAddress(bytes)}/64";
    }
}
