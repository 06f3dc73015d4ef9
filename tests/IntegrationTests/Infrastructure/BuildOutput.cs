using System.Reflection;

namespace OrleansSessions.IntegrationTests.Infrastructure;

/// <summary>Finds the built <c>src/*</c> programs next to this test build (same configuration).</summary>
public static class BuildOutput
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Dll(string project)
    {
        var configuration = typeof(BuildOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, "net10.0", $"OrleansSessions.{project}.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not built; build the solution first (the test command does).");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansSessions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("OrleansSessions.sln not found above the test folder.");
    }
}
