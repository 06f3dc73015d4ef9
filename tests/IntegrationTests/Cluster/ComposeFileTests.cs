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

    [Fact]
    public async Task The_sentinel_profile_adds_a_replica_and_three_sentinels_and_points_the_services_at_them()
    {
        var (exitCode, config, errors) = await ConfigAsync(["--profile", "sentinel"], new Dictionary<string, string>
        {
            ["REDIS_PASSWORD"] = "compose-test-password",
            ["DASHBOARD_PASSWORD"] = "compose-test-dashboard",
            ["REDIS_ENDPOINTS"] = "sentinel-1:26379,sentinel-2:26379,sentinel-3:26379,serviceName=mymaster",
            ["REDIS_WAIT_FOR_REPLICAS"] = "1",
        });

        Assert.True(exitCode == 0, errors);
        foreach (var expected in new[]
                 {
                     "redis-replica:", "sentinel-1:", "sentinel-2:", "sentinel-3:", "--replicaof", "--masterauth",
                     "sentinel monitor mymaster redis 6379 2", "sentinel auth-pass mymaster", "sentinel resolve-hostnames yes",
                     "ConnectionStrings__Redis: sentinel-1:26379,sentinel-2:26379,sentinel-3:26379,serviceName=mymaster,password=compose-test-password",
                     "Redis__WaitForReplicas: '1'",
                 })
        {
            Assert.Contains(expected, config);
        }

        Assert.Equal(3, config.Split('\n').Count(l => l.Trim().StartsWith("ConnectionStrings__Redis: sentinel-1", StringComparison.Ordinal))); // silo, api-1, api-2
    }

    [Theory]
    [InlineData("REDIS_PASSWORD", "DASHBOARD_PASSWORD")]
    [InlineData("DASHBOARD_PASSWORD", "REDIS_PASSWORD")]
    public async Task The_passwords_have_no_default_and_a_missing_one_is_named(string missing, string given)
    {
        var (exitCode, _, errors) = await ConfigAsync([], new Dictionary<string, string> { [given] = "compose-test-secret" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"set {missing}", errors);
    }

    private static async Task<(int ExitCode, string Config, string Errors)> ConfigAsync(string[] options, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("docker-compose")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var argument in (string[])["-f", Path.Combine(Root, "docker-compose.yml"), .. options, "config"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
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
