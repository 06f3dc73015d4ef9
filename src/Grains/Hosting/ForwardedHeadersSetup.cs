using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// The client address, on Api nodes and silos alike, is the connection's, unless
/// <c>ForwardedHeaders:TrustedProxies</c> lists the proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c>
/// is believed. Nothing is trusted by default, not even loopback.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string ConfigurationKey = "ForwardedHeaders:TrustedProxies";

    public static bool AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return false;
        }

        var entries = configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else
                {
                    throw new InvalidOperationException($"{ConfigurationKey}: '{entry}' is neither an IP address nor a CIDR network.");
                }
            }
        });
        return true;
    }

    /// <summary>The client's address: kept with its sessions, and what throttling counts against (IPv6 by its /64).</summary>
    public static string ClientAddress(this HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";
}
