using OrleansSessions.Testing.Processes;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Infrastructure;

/// <summary>
/// Measured figures of the fault tests: written to the test's output and appended to
/// <c>artifacts/test-figures.txt</c>, which the test command prints at the end of every run.
/// </summary>
public static class Figures
{
    private static readonly object Gate = new();

    public static void Report(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        var folder = Path.Combine(BuildOutput.RepositoryRoot, "artifacts");
        lock (Gate)
        {
            Directory.CreateDirectory(folder);
            File.AppendAllText(Path.Combine(folder, "test-figures.txt"), $"{line}{Environment.NewLine}");
        }
    }
}
