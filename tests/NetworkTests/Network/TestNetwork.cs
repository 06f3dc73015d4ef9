using System.Net;

namespace OrleansSessions.NetworkTests.Network;

/// <summary>
/// A network of hosts the test owns: one Linux network namespace per host, each joined to a bridge by a veth pair,
/// with an address in a private /24 that no interface of this machine uses. The test process stays outside, on the
/// bridge's own address, and talks only to these hosts. Names carry the test process id, so parallel runs never
/// meet. Disposing deletes the namespaces (which removes their veth ends) and the bridge.
/// </summary>
public sealed class TestNetwork : IDisposable
{
    private static int _created;
    private readonly string _tag;
    private readonly List<NetworkHost> _hosts = [];
    private bool _bridgeCreated;

    private TestNetwork(string tag, string subnet)
    {
        _tag = tag;
        Subnet = subnet;
        Bridge = $"ob{tag}";
    }

    /// <summary>The first three octets of the network's /24, e.g. <c>10.213.7</c>.</summary>
    public string Subnet { get; }

    public string Bridge { get; }

    /// <summary>The address of the test process on this network (the bridge's).</summary>
    public string HostAddress => $"{Subnet}.1";

    public IReadOnlyList<NetworkHost> Hosts => _hosts;

    /// <summary>
    /// Why this machine cannot build a test network (not root, no <c>ip</c> or <c>iptables</c>, namespaces refused),
    /// or null when it can.
    /// </summary>
    public static string? Unsupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces exist only on Linux";
        }

        if (Environment.UserName != "root" && Shell.TryRun("id", "-u").Output.Trim() != "0")
        {
            return "creating network namespaces needs root";
        }

        foreach (var tool in new[] { "ip", "iptables" })
        {
            if (!Shell.TryRun("sh", "-c", $"command -v {tool}").Ok)
            {
                return $"'{tool}' is not installed (./test.sh installs iproute2 and iptables)";
            }
        }

        var probe = $"osprobe{Environment.ProcessId}";
        var (ok, output) = Shell.TryRun("ip", "netns", "add", probe);
        Shell.TryRun("ip", "netns", "del", probe);
        return ok ? null : $"this machine refuses to create network namespaces: {output.Trim()}";
    }

    /// <summary>Creates the bridge; hosts are added with <see cref="AddHost"/>.</summary>
    public static TestNetwork Create()
    {
        var tag = $"{Environment.ProcessId % 100000}x{Interlocked.Increment(ref _created)}";
        var network = new TestNetwork(tag, FreeSubnet());
        try
        {
            Shell.Run("ip", "link", "add", network.Bridge, "type", "bridge");
            network._bridgeCreated = true;
            Shell.Run("ip", "addr", "add", $"{network.HostAddress}/24", "dev", network.Bridge);
            Shell.Run("ip", "link", "set", network.Bridge, "up");
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>A new host: its namespace, a veth pair into the bridge, the next address, loopback up.</summary>
    public NetworkHost AddHost(string role)
    {
        var index = _hosts.Count + 2;
        var host = new NetworkHost(role, $"os{_tag}-{role}", $"{Subnet}.{index}");
        Shell.Run("ip", "netns", "add", host.Namespace);
        _hosts.Add(host);
        var outside = $"ov{_tag}h{index}";
        var inside = $"ov{_tag}n{index}";
        Shell.Run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        Shell.Run("ip", "link", "set", inside, "netns", host.Namespace);
        Shell.Run("ip", "link", "set", outside, "master", Bridge);
        Shell.Run("ip", "link", "set", outside, "up");
        host.Exec("ip", "addr", "add", $"{host.Address}/24", "dev", inside);
        host.Exec("ip", "link", "set", inside, "up");
        host.Exec("ip", "link", "set", "lo", "up");
        return host;
    }

    /// <summary>
    /// Cuts <paramref name="host"/> off from <paramref name="peers"/> in both directions: packets are dropped silently,
    /// as on a broken link, while the host still reaches everyone else.
    /// </summary>
    public static void Cut(NetworkHost host, IEnumerable<NetworkHost> peers)
    {
        foreach (var peer in peers)
        {
            host.Exec("iptables", "-I", "INPUT", "-s", peer.Address, "-j", "DROP");
            host.Exec("iptables", "-I", "OUTPUT", "-d", peer.Address, "-j", "DROP");
        }
    }

    /// <summary>Removes every cut of <paramref name="host"/>.</summary>
    public static void Heal(NetworkHost host)
    {
        host.Exec("iptables", "-F", "INPUT");
        host.Exec("iptables", "-F", "OUTPUT");
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            Shell.TryRun("ip", "netns", "del", host.Namespace);
        }

        _hosts.Clear();
        if (_bridgeCreated)
        {
            Shell.TryRun("ip", "link", "del", Bridge);
            _bridgeCreated = false;
        }
    }

    /// <summary>A 10.x.y.0/24 that no route of this machine covers.</summary>
    private static string FreeSubnet()
    {
        var routes = Shell.Run("ip", "-4", "route", "show", "table", "all");
        var used = routes.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(prefix => prefix.Contains('.'))
            .ToList();
        var random = new Random(Environment.ProcessId);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var subnet = $"10.{random.Next(100, 250)}.{random.Next(1, 250)}";
            if (!used.Any(prefix => Overlaps(prefix, subnet)))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("No free 10.x.y.0/24 for the test network.");
    }

    private static bool Overlaps(string routePrefix, string subnet)
    {
        var parts = routePrefix.Split('/');
        if (!IPAddress.TryParse(parts[0], out var address))
        {
            return false;
        }

        var length = parts.Length > 1 && int.TryParse(parts[1], out var bits) ? bits : 32;
        var shorter = Math.Min(length, 24);
        var mask = shorter == 0 ? 0u : uint.MaxValue << (32 - shorter);
        return (ToUInt(address) & mask) == (ToUInt(IPAddress.Parse($"{subnet}.0")) & mask);
    }

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }
}
