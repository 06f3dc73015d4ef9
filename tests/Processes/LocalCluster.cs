using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSessions.Testing.Processes;

/// <summary>
/// The production shape on one machine: a real Redis, N <c>src/Silo</c> processes clustered through it and
/// M <c>src/Api</c> processes connected as Orleans clients, all on loopback, sharing one signing key and one server
/// secret.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"orleans-sessions-key-{Guid.NewGuid():N}.pem");
    private readonly string _secretFile = Path.Combine(Path.GetTempPath(), $"orleans-sessions-secret-{Guid.NewGuid():N}.txt");
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private readonly IReadOnlyDictionary<string, string> _extraSettings;
    private readonly RedisServer? _redis;
    private readonly string _redisConnectionString;

    private LocalCluster(RedisServer? redis, string redisConnectionString, IReadOnlyDictionary<string, string> extraSettings)
    {
        _redis = redis;
        _redisConnectionString = redisConnectionString;
        _extraSettings = extraSettings;
        using var rsa = RSA.Create(2048);
        File.WriteAllText(_keyFile, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(_secretFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>The cluster's own single Redis (not there when it runs on a deployment the test made: Sentinel, Redis Cluster).</summary>
    public RedisServer Redis => _redis ?? throw new InvalidOperationException("This cluster runs on a Redis deployment the test started.");

    /// <summary>The cluster's <c>ClusterId</c>, which is also its <c>ServiceId</c>.</summary>
    public string ClusterId => _clusterId;

    /// <summary>The PEM file every Api node signs with.</summary>
    public string KeyFile => _keyFile;

    /// <summary>
    /// Settings that give every process the operator sign-in (Production serves <c>/metrics</c> and the dashboard only
    /// with one), with a fresh password.
    /// </summary>
    public static Dictionary<string, string> WithOperatorSignIn(IReadOnlyDictionary<string, string>? settings = null) =>
        new(settings ?? new Dictionary<string, string>())
        {
            ["Dashboard__Username"] = "operator",
            ["Dashboard__Password"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
        };

    /// <summary>The file of the server secret (base64) every Api node keys refresh-token and anti-CSRF MACs with.</summary>
    public string SecretFile => _secretFile;

    public List<ServiceProcess> Silos { get; } = [];

    public List<ServiceProcess> Apis { get; } = [];

    public static async Task<LocalCluster> StartAsync(int silos, int apis, IReadOnlyDictionary<string, string>? settings = null)
    {
        var redis = await RedisServer.StartAsync();
        return await StartAsync(new LocalCluster(redis, redis.ConnectionString, settings ?? new Dictionary<string, string>()), silos, apis);
    }

    /// <summary>
    /// The processes on a Redis deployment the caller started and stops (a Sentinel set, a Redis Cluster), named by
    /// its <c>ConnectionStrings__Redis</c>.
    /// </summary>
    public static Task<LocalCluster> StartAsync(string redisConnectionString, int silos, int apis, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(new LocalCluster(null, redisConnectionString, settings ?? new Dictionary<string, string>()), silos, apis);

    private static async Task<LocalCluster> StartAsync(LocalCluster cluster, int silos, int apis)
    {
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster.StartSilo();
            }

            await Task.WhenAll(cluster.Silos.Select(s => s.WaitUntilReadyAsync("/health/live", TimeSpan.FromSeconds(90))));
            for (var i = 0; i < apis; i++)
            {
                cluster.StartApi();
            }

            await Task.WhenAll(cluster.Apis.Select(a => a.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(90))));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP client signed in to a process's operator endpoints (<c>/metrics</c>, <c>/dashboard</c>).</summary>
    public HttpClient OperatorClient(ServiceProcess process)
    {
        if (!_extraSettings.TryGetValue("Dashboard__Username", out var name) || !_extraSettings.TryGetValue("Dashboard__Password", out var password))
        {
            throw new InvalidOperationException("This cluster has no operator sign-in: start it with LocalCluster.WithOperatorSignIn(...).");
        }

        var signIn = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{password}")));
        return new HttpClient { BaseAddress = process.BaseAddress, DefaultRequestHeaders = { Authorization = signIn } };
    }

    public ServiceProcess StartSilo()
    {
        var silo = ServiceProcess.Start("Silo", $"silo-{Silos.Count + 1}", Settings(new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
            ["Orleans__AdvertisedIP"] = "127.0.0.1",
        }));
        Silos.Add(silo);
        return silo;
    }

    public ServiceProcess StartApi()
    {
        var api = ServiceProcess.Start("Api", $"api-{Apis.Count + 1}", Settings(new Dictionary<string, string>
        {
            ["Jwt__SigningKeyFile"] = _keyFile,
            ["Auth__SecretKeyFile"] = _secretFile,
        }));
        Apis.Add(api);
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Apis.Concat(Silos))
        {
            await process.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        File.Delete(_keyFile);
        File.Delete(_secretFile);
    }

    private Dictionary<string, string> Settings(Dictionary<string, string> own)
    {
        own["ConnectionStrings__Redis"] = _redisConnectionString;
        own["Orleans__ClusterId"] = _clusterId;
        own["Orleans__ServiceId"] = _clusterId;
        own["Throttling__MaxLoginsPerIpPerMinute"] = "1000000"; // every test client is 127.0.0.1
        own["Throttling__MaxRegistrationsPerIpPerHour"] = "1000000";
        foreach (var (key, value) in _extraSettings)
        {
            own[key] = value;
        }

        return own;
    }
}
