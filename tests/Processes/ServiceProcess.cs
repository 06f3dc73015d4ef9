using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansSessions.Testing.Processes;

/// <summary>
/// A real <c>src/Silo</c> or <c>src/Api</c> process started from its build output, with its own environment,
/// its output kept for failure messages, and stopped by SIGTERM (graceful) or SIGKILL (crash).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(string name, Process process, int httpPort, string host = "127.0.0.1")
    {
        Name = name;
        _process = process;
        HttpPort = httpPort;
        BaseAddress = new Uri($"http://{host}:{httpPort}");
    }

    public string Name { get; }

    public int HttpPort { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public string Output => string.Join('\n', _output);

    /// <summary>
    /// The runtime settings the Api's Dockerfile and <c>scripts/cluster.sh</c> give every Api node (a 64 MB gen0
    /// budget: docs/benchmarks.md), so tests and benchmarks run Api processes in the production shape.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ApiRuntime = new Dictionary<string, string>
    {
        ["DOTNET_GCgen0size"] = "0x4000000",
    };

    public static ServiceProcess Start(string project, string name, IReadOnlyDictionary<string, string> environment) =>
        StartDll(BuildOutput.Dll(project), name, project == "Api" ? WithApiRuntime(environment) : environment);

    private static Dictionary<string, string> WithApiRuntime(IReadOnlyDictionary<string, string> environment)
    {
        var merged = new Dictionary<string, string>(ApiRuntime);
        foreach (var (key, value) in environment)
        {
            merged[key] = value;
        }

        return merged;
    }

    public static ServiceProcess StartDll(string dll, string name, IReadOnlyDictionary<string, string> environment)
    {
        var httpPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return Launch(start, name, httpPort, environment);
    }

    /// <summary>
    /// Starts <c>src/{project}</c> through <paramref name="launcher"/> (a command that execs the rest, such as
    /// <c>ip netns exec NAME</c>), listening for HTTP on <paramref name="host"/>:<paramref name="httpPort"/>: a process
    /// on a host of a test network rather than on loopback.
    /// </summary>
    public static ServiceProcess StartVia(
        IReadOnlyList<string> launcher, string project, string name, string host, int httpPort, IReadOnlyDictionary<string, string> environment)
    {
        var dll = BuildOutput.Dll(project);
        var start = new ProcessStartInfo(launcher[0]) { WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var argument in launcher.Skip(1).Concat(["dotnet", dll]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://{host}:{httpPort}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return Launch(start, name, httpPort, project == "Api" ? WithApiRuntime(environment) : environment, host);
    }

    /// <summary>
    /// <c>dotnet run --project src/{project}</c> on the existing build, as the README starts it: the launch profile (or,
    /// with <c>--no-launch-profile</c> among <paramref name="runOptions"/>, none) decides the environment. Only the
    /// listen address is given, on the command line, which wins over the profile's.
    /// </summary>
    public static ServiceProcess Run(string project, string name, IReadOnlyDictionary<string, string> environment, params string[] runOptions) =>
        Run(project, name, environment, shippedLogging: false, runOptions);

    /// <summary>
    /// <see cref="Run(string, string, IReadOnlyDictionary{string, string}, string[])"/> with the logging the project ships
    /// (its <c>appsettings.json</c>) instead of the tests' warnings-only default: what a newcomer's terminal shows.
    /// </summary>
    public static ServiceProcess RunWithShippedLogging(string project, string name, IReadOnlyDictionary<string, string> environment) =>
        Run(project, name, environment, shippedLogging: true, []);

    private static ServiceProcess Run(string project, string name, IReadOnlyDictionary<string, string> environment, bool shippedLogging, string[] runOptions)
    {
        var httpPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = BuildOutput.RepositoryRoot };
        foreach (var argument in new[] { "run", "--project", Path.Combine("src", project), "--no-build", "-c", BuildOutput.Configuration }
                     .Concat(runOptions).Concat(["--", "--urls", $"http://127.0.0.1:{httpPort}"]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        return Launch(start, name, httpPort, environment, quiet: !shippedLogging);
    }

    private static ServiceProcess Launch(
        ProcessStartInfo start, string name, int httpPort, IReadOnlyDictionary<string, string> environment, string host = "127.0.0.1", bool quiet = true)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        if (quiet)
        {
            start.Environment["Logging__LogLevel__Default"] = "Warning";
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var service = new ServiceProcess(name, process, httpPort, host);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until <paramref name="path"/> answers 200, or fails with the process output.</summary>
    public async Task WaitUntilReadyAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(path)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not ready at {path} within {timeout}:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGTERM: the host shuts down gracefully (grains deactivate and flush).</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Crash();
        }
    }

    /// <summary>SIGKILL: no shutdown at all, as in a crash.</summary>
    public void Crash()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Crash();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}
