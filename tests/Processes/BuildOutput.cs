using System.Reflection;

namespace OrleansSessions.Testing.Processes;

/// <summary>Finds the built <c>src/*</c> programs next to this test build (same configuration).</summary>
public static class BuildOutput
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(BuildOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The built program of <c>src/{project}</c> (or of another folder, with its assembly name).</summary>
    public static string Dll(string project, string folder = "src", string? assembly = null)
    {
        var path = Path.Combine(RepositoryRoot, folder, project, "bin", Configuration, "net10.0", $"{assembly ?? $"OrleansSessions.{project}"}.dll");
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
