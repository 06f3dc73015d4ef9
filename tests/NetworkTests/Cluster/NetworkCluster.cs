using System.Security.Cryptography;
using OrleansSessions.NetworkTests.Network;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.NetworkTests.Cluster;

/// <summary>
/// The production shape on a test network: Redis, three silos and two Api nodes, each on a host of its own (the built
/// Release programs started with <c>ip netns exec</c>), the test client outside on the bridge. Every silo uses the same
/// ports, as on separate machines. Disposing stops every process, then removes the network.
/// </summary>
public sealed class NetworkCluster : IAsyncDisposable
{
    public const int HttpPort = 8080;
    public const int MaxSessionsPerUser = 3;
    private const int SiloPort = 11111;
    private const int GatewayPort = 30000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);

    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"orleans-sessions-netkey-{Guid.NewGuid():N}.pem");
    private readonly string _secretFile = Path.Combine(Path.GetTempPath(), $"orleans-sessions-netsecret-{Guid.NewGuid():N}.txt");
    private readonly string _clusterId = $"net-{Guid.NewGuid():N}";
    private readonly TestNetwork _network;
    private NetworkRedis? _redis;

    private NetworkCluster(TestNetwork network)
    {
        _network = network;
        using var rsa = RSA.Create(2048);
        File.WriteAllText(_keyFile, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(_secretFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    public List<NetworkHost> SiloHosts { get; } = [];

    public List<NetworkHost> ApiHosts { get; } = [];

    /// <summary>The running silo process of each silo host (replaced when a silo is restarted).</summary>
    public ServiceProcess[] Silos { get; private set; } = [];

    public List<ServiceProcess> Apis { get; } = [];

    public static async Task<NetworkCluster> StartAsync(int silos = 3, int apis = 2)
    {
        var cluster = new NetworkCluster(TestNetwork.Create());
        try
        {
            cluster._redis = new NetworkRedis(cluster._network.AddHost("redis"));
            for (var i = 1; i <= silos; i++)
            {
                cluster.SiloHosts.Add(cluster._network.AddHost($"silo{i}"));
            }

            for (var i = 1; i <= apis; i++)
            {
                cluster.ApiHosts.Add(cluster._network.AddHost($"api{i}"));
            }

            cluster.Silos = cluster.SiloHosts.Select(cluster.LaunchSilo).ToArray();
            await Task.WhenAll(cluster.Silos.Select(s => s.WaitUntilReadyAsync("/health/live", StartTimeout)));
            cluster.Apis.AddRange(cluster.ApiHosts.Select(cluster.LaunchApi));
            await Task.WhenAll(cluster.Apis.Select(a => a.WaitUntilReadyAsync("/health/ready", StartTimeout)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Cuts silo <paramref name="index"/> off from the other silos (it still reaches Redis and the Api nodes).</summary>
    public void CutOffSilo(int index) => TestNetwork.Cut(SiloHosts[index], SiloHosts.Where((_, i) => i != index));

    public void Heal(int index) => TestNetwork.Heal(SiloHosts[index]);

    /// <summary>Starts silo <paramref name="index"/> again after it stopped, and waits until it serves.</summary>
    public async Task RestartSiloAsync(int index)
    {
        await Silos[index].DisposeAsync();
        Silos[index] = LaunchSilo(SiloHosts[index]);
        await Silos[index].WaitUntilReadyAsync("/health/live", StartTimeout);
    }

    public HttpClient ApiClient(int index) =>
        new() { BaseAddress = Apis[index].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Apis.Concat(Silos))
        {
            await process.DisposeAsync();
        }

        _redis?.Dispose();
        _network.Dispose();
        File.Delete(_keyFile);
        File.Delete(_secretFile);
    }

    private ServiceProcess LaunchSilo(NetworkHost host) =>
        ServiceProcess.StartVia(host.Launcher, "Silo", host.Role, host.Address, HttpPort, Settings(new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = SiloPort.ToString(),
            ["Orleans__GatewayPort"] = GatewayPort.ToString(),
            ["Orleans__AdvertisedIP"] = host.Address,
        }));

    private ServiceProcess LaunchApi(NetworkHost host) =>
        ServiceProcess.StartVia(host.Launcher, "Api", host.Role, host.Address, HttpPort, Settings(new Dictionary<string, string>
        {
            ["Jwt__SigningKeyFile"] = _keyFile,
            ["Auth__SecretKeyFile"] = _secretFile,
            ["Logging__LogLevel__OrleansSessions.Api.Hosting.GrainRetry"] = "Information", // each call sent again, and why
        }));

    private Dictionary<string, string> Settings(Dictionary<string, string> own)
    {
        own["ConnectionStrings__Redis"] = _redis!.ConnectionString;
        own["Orleans__ClusterId"] = _clusterId;
        own["Orleans__ServiceId"] = _clusterId;
        own["Sessions__MaxPerUser"] = MaxSessionsPerUser.ToString();
        own["Throttling__MaxLoginsPerIpPerMinute"] = "1000000"; // every request comes from the test process's one address
        own["Throttling__MaxRegistrationsPerIpPerHour"] = "1000000";
        own["Logging__Console__FormatterName"] = "simple"; // one line per entry, so a test can quote a process's warnings
        own["Logging__Console__FormatterOptions__SingleLine"] = "true";
        return own;
    }
}
