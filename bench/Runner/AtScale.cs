using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Configuration;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Testing.Processes;
using StackExchange.Redis;

namespace OrleansSessions.Bench;

/// <summary>
/// Fills the cluster with <c>users x 5</c> sessions through an Orleans client (no HTTP, no hashing), then measures
/// Redis bytes per session, silo memory per active user, and tokens for a validation run over that data.
/// </summary>
public static class AtScale
{
    public sealed record Figures(int Users, int Sessions, double RedisBytesPerSession, double SiloBytesPerUser, double SiloHeapBytesPerUser, string TokensFile);

    /// <summary>Fills, waits <paramref name="settle"/> for the burst to pass, then measures.</summary>
    public static async Task<Figures> FillAsync(LocalCluster cluster, int users, string folder, TimeSpan settle)
    {
        const int perUser = 5;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var redisBefore = await UsedMemoryAsync(server);
        var siloBefore = ResidentBytes(cluster.Silos[0].ProcessId);
        using var http = cluster.OperatorClient(cluster.Silos[0]);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ClusterId));
            client.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Parse(cluster.Redis.ConnectionString));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var heapBefore = await LiveHeapBytesAsync(grains, http);

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(cluster.KeyFile));
        var key = new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false))).ComputeJwkThumbprint()) };
        var handler = new JsonWebTokenHandler();
        var tokens = new List<string>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            int user;
            while ((user = Interlocked.Increment(ref next)) < users)
            {
                var userId = $"scale{user:x8}";
                var request = new NewSessionRequest(false, "10.1.2.3", "Mozilla/5.0 (X11; Linux x86_64) bench", new DeviceInfo("desktop", "Linux", "Firefox", null), new UserIdentity($"{userId}@example.com", []));
                IssuedTokens? last = null;
                for (var s = 0; s < perUser; s++)
                {
                    last = (await grains.GetGrain<IUserSessionsGrain>(userId).Open(request)).Tokens;
                }

                if (user % Math.Max(1, users / 1000) == 0)
                {
                    lock (tokens)
                    {
                        tokens.Add(Mint(handler, key, userId, last!));
                    }
                }
            }
        }));

        await Task.Delay(settle);
        var heapAfter = await LiveHeapBytesAsync(grains, http);
        await host.StopAsync();
        var sessions = users * perUser;
        var redisAfter = await UsedMemoryAsync(server);
        var siloAfter = ResidentBytes(cluster.Silos[0].ProcessId);
        var tokensFile = Path.Combine(folder, "scale-tokens.txt");
        await File.WriteAllLinesAsync(tokensFile, tokens);
        return new Figures(users, sessions, (redisAfter - redisBefore) / (double)sessions, (siloAfter - siloBefore) / (double)users,
            (heapAfter - heapBefore) / (double)users, tokensFile);
    }

    private static string Mint(JsonWebTokenHandler handler, SecurityKey key, string userId, IssuedTokens issued)
    {
        var now = DateTime.UtcNow;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "orleans-sessions",
            Audience = "orleans-sessions",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(15),
            Claims = new Dictionary<string, object> { ["sub"] = userId, ["sid"] = issued.SessionId, ["jti"] = $"{issued.SessionId}.1", ["email"] = issued.Identity.Email },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var info = await server.InfoAsync("memory");
        return long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The silo's live managed heap: a full collection is forced through the management grain, then the runtime meter
    /// on its <c>/metrics</c> gives what that collection left (all generations, less fragmentation). Unlike resident
    /// memory, this leaves out the GC's reserve and garbage.
    /// </summary>
    private static async Task<long> LiveHeapBytesAsync(IClusterClient grains, HttpClient silo)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        await management.ForceGarbageCollection([.. (await management.GetHosts(onlyActive: true)).Keys]);
        var metrics = await silo.GetStringAsync("/metrics");
        return (long)(Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes{") - Sum(metrics, "dotnet_gc_last_collection_heap_fragmentation_size_bytes{"));
    }

    /// <summary>The silo's garbage collections so far and the time they paused it, from the runtime meter on its <c>/metrics</c>.</summary>
    public static async Task<(long Collections, double PauseSeconds)> GcSoFarAsync(HttpClient silo)
    {
        var metrics = await silo.GetStringAsync("/metrics");
        return ((long)Sum(metrics, "dotnet_gc_collections_total{"), Sum(metrics, "dotnet_gc_pause_time_seconds_total{"));
    }

    private static double Sum(string metrics, string prefix) => metrics.Split('\n')
        .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>CPU time (user + system) the process has used so far, from <c>/proc</c>.</summary>
    public static double CpuSeconds(int processId) => StatSeconds(processId, 11, 12);

    /// <summary>The CPU of the process's children it has waited for (cutime + cstime).</summary>
    public static double ChildrenCpuSeconds(int processId) => StatSeconds(processId, 13, 14);

    /// <summary>The sum of two clock-tick fields of <c>/proc/{pid}/stat</c>, counted from the field after the name.</summary>
    private static double StatSeconds(int processId, int first, int second)
    {
        var fields = File.ReadAllText($"/proc/{processId}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[first], CultureInfo.InvariantCulture) + long.Parse(fields[second], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The process's resident memory (VmRSS): an upper bound of what its heap holds.</summary>
    private static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
