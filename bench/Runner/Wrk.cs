using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansSessions.Bench;

/// <summary>One wrk run against a URL with the token-rotating script; its throughput and latency percentiles.</summary>
public static partial class Wrk
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx);

    public static Task<Result> RunAsync(Uri url, string tokensFile, int connections, TimeSpan duration) =>
        RunScriptAsync("me.lua", url, connections, duration, tokensFile);

    /// <summary>A run with another script of this folder; <paramref name="arguments"/> are what the script gets after <c>--</c>.</summary>
    public static async Task<Result> RunScriptAsync(string scriptName, Uri url, int connections, TimeSpan duration, params string[] arguments)
    {
        var script = Path.Combine(AppContext.BaseDirectory, scriptName);
        var start = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, url.ToString(), "--", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed: {output}{await process.StandardError.ReadToEndAsync()}");
        }

        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Non2xx().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Result(rps, Percentile(output, "50%"), Percentile(output, "99%"), non2xx);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
