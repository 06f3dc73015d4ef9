using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.Bench;

/// <summary>The services under test, each with a file of bearer tokens for many users.</summary>
public sealed record Contender(string Name, Uri MeUrl, string TokensFile);

public static class Contenders
{
    public const string Password = "benchmark password";

    /// <summary>The contender that asks <c>GET /auth/check</c> (forward auth) of the cluster, beside its <c>/auth/me</c>.</summary>
    public const string CheckName = "cluster /auth/check";

    /// <summary>
    /// The measured cluster's settings: the operator sign-in, so the silo's <c>/metrics</c> can be read (Production serves
    /// it only with one), and the dashboard that comes with it sampling once in ten minutes, so it weighs on nothing.
    /// </summary>
    public static Dictionary<string, string> ClusterSettings =>
        LocalCluster.WithOperatorSignIn(new Dictionary<string, string>
        {
            ["Dashboard__CounterUpdateIntervalMs"] = "600000",
            ["Auth__ServiceKeys"] = ServiceKey,
        });

    /// <summary>The service key of the measured cluster (the service API contenders).</summary>
    public const string ServiceKey = "bench-service-key";

    /// <summary>The plain endpoint's path (bench/Peer/PlainEndpoint.cs).</summary>
    public const string PlainPath = "/plain/me";

    public static HttpClient Client(Uri baseAddress) => new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Users registered and signed in on an OrleansSessions Api.</summary>
    public sealed record SignedIn(string TokensFile, IReadOnlyList<string> Emails, IReadOnlyList<string> RefreshTokens);

    /// <summary>Registers and signs in <paramref name="users"/> users on an OrleansSessions Api; their tokens, one per line.</summary>
    public static async Task<SignedIn> OrleansUsersAsync(Uri api, int users, string folder, string name)
    {
        using var http = Client(api);
        using var gate = new SemaphoreSlim(8);
        var logins = await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var email = $"bench-{name}-{i}-{Guid.NewGuid():N}@example.com";
                (await http.PostAsJsonAsync("/auth/register", new { email, password = Password })).EnsureSuccessStatusCode();
                var login = await http.PostAsJsonAsync("/auth/login", new { email, password = Password });
                login.EnsureSuccessStatusCode();
                var body = JsonNode.Parse(await login.Content.ReadAsStringAsync())!;
                return (Email: email, Access: body["access_token"]!.GetValue<string>(), Refresh: body["refresh_token"]!.GetValue<string>());
            }
            finally
            {
                gate.Release();
            }
        }));
        return new SignedIn(WriteTokens(folder, name, logins.Select(l => l.Access)), logins.Select(l => l.Email).ToList(), logins.Select(l => l.Refresh).ToList());
    }

    /// <summary>Opens sessions on the peer service; their tokens, one per line.</summary>
    public static async Task<string> PeerTokensAsync(Uri peer, int users, string folder)
    {
        using var http = Client(peer);
        var tokens = await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
        {
            var login = await http.PostAsync($"/login/user-{i}", null);
            login.EnsureSuccessStatusCode();
            return JsonNode.Parse(await login.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        }));
        return WriteTokens(folder, "peer", tokens);
    }

    public static ServiceProcess StartPeer(LocalCluster cluster) =>
        ServiceProcess.StartDll(BuildOutput.Dll("Peer", "bench", "OrleansSessions.Bench.Peer"), "peer", new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = cluster.Redis.ConnectionString,
            ["Jwt__SigningKeyFile"] = cluster.KeyFile,
        });

    /// <summary>The floor: <c>bench/Peer</c> as a plain endpoint (<c>/plain/me</c>), no authentication and no store.</summary>
    public static ServiceProcess StartPlain() =>
        ServiceProcess.StartDll(BuildOutput.Dll("Peer", "bench", "OrleansSessions.Bench.Peer"), "plain", new Dictionary<string, string>
        {
            ["Peer__Plain"] = "true",
        });

    public static ServiceProcess StartEmbeddedApi() =>
        ServiceProcess.Start("Api", "embedded-api", new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
            ["Throttling__MaxLoginsPerIpPerMinute"] = "100000000",
            ["Throttling__MaxRegistrationsPerIpPerHour"] = "100000000",
        });

    private static string WriteTokens(string folder, string name, IEnumerable<string> tokens)
    {
        var path = Path.Combine(folder, $"{name}-tokens.txt");
        File.WriteAllLines(path, tokens);
        return path;
    }
}
