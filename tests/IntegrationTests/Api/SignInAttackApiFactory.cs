using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// The contract's default sign-in limits (5 failures per account and address, 20 registrations per address an hour),
/// a small cap for one account from every address, per-request client addresses, and the silo's hasher counted.
/// </summary>
public sealed class SignInAttackApiFactory : ApiFactory
{
    public const int MaxFailuresPerAccountAllAddresses = 12;

    /// <summary>The co-hosted silo's hasher.</summary>
    public CountingPasswordHasher Hasher => (CountingPasswordHasher)Services.GetRequiredService<IPasswordHasher<object>>();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Throttling:MaxFailuresPerAccount"] = "5",
        ["Throttling:MaxFailuresPerAccountAllAddresses"] = MaxFailuresPerAccountAllAddresses.ToString(),
        ["Throttling:MaxRegistrationsPerIpPerHour"] = "20",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, ClientAddressStartupFilter>();
            services.AddSingleton<IPasswordHasher<object>>(provider =>
                new CountingPasswordHasher(new PasswordHasher<object>(provider.GetRequiredService<IOptions<PasswordHasherOptions>>())));
        });
    }
}
