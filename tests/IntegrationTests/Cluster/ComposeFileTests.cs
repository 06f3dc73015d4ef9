using System.Diagnostics;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>
/// The production shape in <c>docker-compose.yml</c>, checked by Debian's <c>docker-compose config</c> (no Docker
/// engine runs here), and the Dockerfiles it builds.
/// </summary>
public sealed class ComposeFileTests
{
    private static string Root => BuildOutput.RepositoryRoot;

    [Fact]
    public async Task The_compose_file_is_valid_and_has_the_production_shape()
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), "config"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
            Environment = { ["REDIS_PASSWORD"] = "compose-test-password", ["DASHBOARD_PASSWORD"] = "compose-test-dashboard" },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var config = await stdout;

        Assert.True(process.ExitCode == 0, await stderr);
        foreach (var expected in new[]
                 {
                     "replicas: 3", "published: 8001", "published: 8002", "--appendonly", "--requirepass", "compose-test-password",
                     "Jwt__SigningKeyFile: /run/secrets/jwt_signing_key", "Auth__SecretKeyFile: /run/secrets/server_secret", "Dashboard__Password: compose-test-dashboard",
                     "ConnectionStrings__Redis: redis:6379,password=compose-test-password", "condition: service_healthy",
                 })
        {
            Assert.Contains(expected, config);
        }

        Assert.Equal(4, config.Split('\n').Count(l => l.Trim() == "healthcheck:"));
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Api")]
    public void The_dockerfiles_are_multi_stage_published_and_non_root(string project)
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "src", project, "Dockerfile"));

        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile);
        Assert.Contains($"dotnet publish src/{project}/OrleansSessions.{project}.csproj -c Release", dockerfile);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile);
        Assert.Contains("USER $APP_UID", dockerfile);
        Assert.Contains("COPY --from=build", dockerfile);
    }
}
