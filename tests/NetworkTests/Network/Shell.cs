using System.Diagnostics;

namespace OrleansSessions.NetworkTests.Network;

/// <summary>Runs short system commands (ip, iptables) and reports their output.</summary>
public static class Shell
{
    public static string Run(string file, params string[] arguments)
    {
        var (ok, output) = TryRun(file, arguments);
        return ok ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {output}");
    }

    public static (bool Ok, string Output) TryRun(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode == 0, output.Result + error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (false, ex.Message);
        }
    }
}
