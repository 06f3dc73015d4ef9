using System.Diagnostics;

namespace OrleansSessions.NetworkTests.Network;

/// <summary>Debian's redis-server on a host of a test network, its data in a folder of its own, removed on dispose.</summary>
public sealed class NetworkRedis : IDisposable
{
    public const int Port = 6379;
    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-sessions-netredis-").FullName;
    private readonly Process _process;

    public NetworkRedis(NetworkHost host)
    {
        Host = host;
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in host.Launcher.Skip(1).Concat([
                     "redis-server", "--port", Port.ToString(), "--bind", host.Address, "--protected-mode", "no",
                     "--dir", _directory, "--appendonly", "yes", "--save", "", "--daemonize", "no"]))
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public NetworkHost Host { get; }

    public string ConnectionString => $"{Host.Address}:{Port},abortConnect=false";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
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
}
