using System.Diagnostics;
using StackExchange.Redis;

namespace OrleansSessions.Testing.Processes;

/// <summary>
/// One Debian <c>redis-server</c> (or <c>redis-sentinel</c>) process of a multi-node deployment, on a free loopback
/// port, in a folder of its own: a Redis Cluster node, a primary, a replica or a sentinel. <see cref="Crash"/> is
/// <c>kill -9</c>; disposing stops it and removes its folder.
/// </summary>
public sealed class RedisNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private RedisNode(string name, int port, string directory, Process process, bool sentinel = false)
    {
        IsSentinel = sentinel;
        Name = name;
        Port = port;
        Directory = directory;
        _process = process;
    }

    public string Name { get; }

    /// <summary>A sentinel, which answers only the sentinel commands (and is connected to as one).</summary>
    public bool IsSentinel { get; }

    public int Port { get; }

    public string Directory { get; }

    public string EndPoint => $"127.0.0.1:{Port}";

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>A data node: <c>redis-server</c> with AOF on, plus <paramref name="arguments"/>.</summary>
    public static async Task<RedisNode> StartServerAsync(string name, params string[] arguments)
    {
        var port = FreePort.Next();
        var directory = System.IO.Directory.CreateTempSubdirectory($"orleans-sessions-{name}-").FullName;
        string[] common = ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--save", "", "--daemonize", "no"];
        var node = new RedisNode(name, port, directory, Launch(FindBinary("redis-server"), [.. common, .. arguments]));
        await node.WaitUntilAnsweringAsync();
        return node;
    }

    /// <summary>A sentinel watching <paramref name="primary"/> as <paramref name="serviceName"/> (quorum 2).</summary>
    public static async Task<RedisNode> StartSentinelAsync(string name, string serviceName, RedisNode primary, TimeSpan downAfter)
    {
        var port = FreePort.Next();
        var directory = System.IO.Directory.CreateTempSubdirectory($"orleans-sessions-{name}-").FullName;
        var config = Path.Combine(directory, "sentinel.conf"); // sentinels rewrite their own file: one each, writable
        await File.WriteAllLinesAsync(config,
        [
            $"port {port}",
            "bind 127.0.0.1",
            $"dir {directory}",
            $"sentinel monitor {serviceName} 127.0.0.1 {primary.Port} 2",
            $"sentinel down-after-milliseconds {serviceName} {(int)downAfter.TotalMilliseconds}",
            $"sentinel failover-timeout {serviceName} 10000",
            $"sentinel parallel-syncs {serviceName} 1",
        ]);
        var binary = File.Exists("/usr/bin/redis-sentinel") ? "/usr/bin/redis-sentinel" : null;
        var process = binary is null ? Launch(FindBinary("redis-server"), [config, "--sentinel"]) : Launch(binary, [config]);
        var node = new RedisNode(name, port, directory, process, sentinel: true);
        await node.WaitUntilAnsweringAsync();
        return node;
    }

    /// <summary>A connection to this node alone (no cluster redirection, no sentinel lookup), for checks and setup.</summary>
    public async Task<ConnectionMultiplexer> ConnectDirectAsync() => await ConnectionMultiplexer.ConnectAsync(Direct(connectTimeout: 2000));

    /// <summary>Runs one command on this node and gives back its answer.</summary>
    public async Task<RedisResult> ExecuteAsync(string command, params object[] arguments)
    {
        await using var connection = await ConnectDirectAsync();
        return await connection.GetServer(EndPoint).ExecuteAsync(command, arguments);
    }

    /// <summary>SIGKILL: the node dies at once, with whatever it had not replicated.</summary>
    public void Crash()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static Process Launch(string binary, string[] arguments)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start.");
    }

    private async Task WaitUntilAnsweringAsync()
    {
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(Direct(connectTimeout: 1000));
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (RedisConnectionException ex)
            {
                throw new InvalidOperationException($"{Name} did not start on port {Port}:\n{Output}", ex);
            }
        }
    }

    private ConfigurationOptions Direct(int connectTimeout)
    {
        var options = new ConfigurationOptions { EndPoints = { EndPoint }, AbortOnConnectFail = true, ConnectTimeout = connectTimeout, AllowAdmin = true };
        if (IsSentinel)
        {
            options.CommandMap = CommandMap.Sentinel;
            options.TieBreaker = "";
        }

        return options;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private static string FindBinary(string name)
    {
        foreach (var folder in new[] { "/usr/bin", "/usr/local/bin" })
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{name} is not installed: run the test command from the README (./test.sh), which installs it.");
    }
}
