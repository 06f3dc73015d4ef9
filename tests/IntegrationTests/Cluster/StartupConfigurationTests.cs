using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>Bad configuration stops the real process at start, with a message that names the key.</summary>
public sealed class StartupConfigurationTests
{
    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "Api", "ConnectionStrings__Redis", ",,,", "ConnectionStrings:Redis" },
        { "Api", "ConnectionStrings__Redis", "redis://host:6379/notadb", "ConnectionStrings:Redis" },
        { "Api", "Jwt__SigningKey", "not a pem", "Jwt:SigningKey" },
        { "Api", "Jwt__AccessTokenLifetime", "00:00:01", "AccessTokenLifetime" },
        { "Api", "Jwt__ClockSkew", "00:10:00", "ClockSkew" },
        { "Api", "Jwt__ClockSkew", "-00:00:01", "ClockSkew" },
        { "Api", "Auth__SecretKey", "c2hvcnQ=", "Auth:SecretKey" },
        { "Api", "Auth__SecretKey", "not base64!", "Auth:SecretKey" },
        { "Api", "Auth__SecretKeyFile", "/nonexistent/server-secret", "Auth:SecretKeyFile" },
        { "Api", "Sessions__MaxPerUser", "0", "MaxPerUser" },
        { "Api", "Sessions__IdleTimeout", "banana", "Sessions:IdleTimeout" },
        { "Api", "Sessions__LimitPolicy", "Sometimes", "Sessions:LimitPolicy" },
        { "Api", "Orleans__SiloPort", "99999", "SiloPort" },
        { "Silo", "Orleans__AdvertisedIP", "not-an-ip", "Orleans:AdvertisedIP" },
        { "Silo", "Events__Webhooks__0__Url", "ftp://example.com/hooks", "Events:Webhooks:0" },
        { "Api", "Events__Webhooks__0__Secret", "not-a-whsec-secret", "Events:Webhooks:0" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_process_with_a_clear_message(string project, string key, string value, string named)
    {
        var settings = new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
        };
        settings[key] = value; // after the free ports, so a bad port under test wins
        if (project == "Silo" && key != "ConnectionStrings__Redis")
        {
            settings["ConnectionStrings__Redis"] = $"127.0.0.1:{FreePort.Next()}";
        }

        await using var process = ServiceProcess.Start(project, $"{project.ToLowerInvariant()}-bad-config", settings);

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, process.Output);
    }

    [Fact]
    public async Task A_silo_without_redis_explains_the_embedded_mode()
    {
        await using var process = ServiceProcess.Start("Silo", "silo-no-redis", new Dictionary<string, string>());

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("ConnectionStrings__Redis is not set", process.Output);
    }

    [Fact]
    public async Task An_api_in_cluster_mode_requires_a_signing_key()
    {
        await using var process = ServiceProcess.Start("Api", "api-no-key", new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = $"127.0.0.1:{FreePort.Next()}",
        });

        Assert.Equal(1, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Jwt__SigningKey", process.Output);
    }

    [Fact]
    public async Task An_api_in_cluster_mode_requires_a_server_secret_of_its_own()
    {
        var keyFile = Path.GetTempFileName();
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            await using var process = ServiceProcess.Start("Api", "api-no-secret", new Dictionary<string, string>
            {
                ["ConnectionStrings__Redis"] = $"127.0.0.1:{FreePort.Next()}",
                ["Jwt__SigningKeyFile"] = keyFile,
            });

            Assert.Equal(1, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var line = Assert.Single(process.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
            Assert.Contains("Auth__SecretKey", line);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }
}
