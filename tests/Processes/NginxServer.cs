using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace OrleansSessions.Testing.Processes;

/// <summary>
/// A real nginx (Debian's package) on a free loopback port, in the foreground (<c>daemon off</c>), with its
/// configuration, pid file, logs and temp folders in a folder of its own. Stopped (workers too) and removed when disposed.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NginxServer(string directory, int port, Process process)
    {
        _directory = directory;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>What nginx printed and logged, for failure messages.</summary>
    public string Output
    {
        get
        {
            var log = Path.Combine(_directory, "error.log");
            return string.Join('\n', _output) + (File.Exists(log) ? "\n" + File.ReadAllText(log) : "");
        }
    }

    /// <summary>
    /// Starts nginx with <paramref name="httpBlock"/> inside its <c>http</c> block (upstreams) and
    /// <paramref name="serverBlock"/> as the body of its one <c>server</c> (the <c>listen</c> line is added), and waits
    /// until it accepts connections.
    /// </summary>
    public static async Task<NginxServer> StartAsync(string httpBlock, string serverBlock)
    {
        var binary = FindNginx();
        var directory = Directory.CreateTempSubdirectory("orleans-sessions-nginx-").FullName;
        var port = FreePort.Next();
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(directory, port, httpBlock, serverBlock));

        // -e: the error log before the configuration is read, so nothing touches /var/log/nginx.
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "-p", directory, "-c", config, "-e", Path.Combine(directory, "error.log") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var server = new NginxServer(directory, port, process);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the master stops its workers and exits; a master that does not is killed with them.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            {
                await term!.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static string Config(string directory, int port, string httpBlock, string serverBlock) => $$"""
        daemon off;
        master_process on;
        worker_processes 1;
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        pid {{Path.Combine(directory, "nginx.pid")}};
        error_log {{Path.Combine(directory, "error.log")}} warn;
        events { worker_connections 256; }
        http {
            access_log off;
            client_body_temp_path {{Path.Combine(directory, "client_body")}};
            proxy_temp_path {{Path.Combine(directory, "proxy")}};
            fastcgi_temp_path {{Path.Combine(directory, "fastcgi")}};
            uwsgi_temp_path {{Path.Combine(directory, "uwsgi")}};
            scgi_temp_path {{Path.Combine(directory, "scgi")}};
        {{httpBlock}}
            server {
                listen 127.0.0.1:{{port}};
        {{serverBlock}}
            }
        }
        """;

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string FindNginx()
    {
        foreach (var candidate in new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("nginx is not installed: run the test command from the README (./test.sh), which installs it.");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
