using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.UnitTests;

public sealed class SettingsRegistrationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void The_returned_settings_and_the_registered_options_are_bound_from_the_same_section()
    {
        var configuration = Configuration(("Sessions:MaxPerUser", "7"));
        var services = new ServiceCollection(); // the configuration given, not one registered in the container

        var early = services.AddSettings<SessionPolicy>(configuration, SessionPolicy.Section);

        Assert.Equal(7, early.MaxPerUser);
        Assert.Equal(7, services.BuildServiceProvider().GetRequiredService<IOptions<SessionPolicy>>().Value.MaxPerUser);
    }

    [Fact]
    public void A_value_outside_its_range_fails_at_once_naming_the_section()
    {
        var configuration = Configuration(("Sessions:MaxPerUser", "0"));

        var failure = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddSettings<SessionPolicy>(configuration, SessionPolicy.Section));

        Assert.Contains("'Sessions'", failure.Message);
        Assert.Contains("MaxPerUser", failure.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_fails_at_once_naming_the_section()
    {
        var configuration = Configuration(("Sessions:IdleTimeout", "soon"));

        var failure = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddSettings<SessionPolicy>(configuration, SessionPolicy.Section));

        Assert.Contains("'Sessions'", failure.Message);
    }

    [Fact]
    public void The_retired_admin_emails_setting_stops_start_up_naming_its_replacement()
    {
        var configuration = Configuration(("Auth:AdminEmails", "boss@example.com"));

        var failure = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddSettings<AuthSettings>(configuration, AuthSettings.Section));

        Assert.Contains("Auth__AdminEmails", failure.Message);
        Assert.Contains("Auth__BootstrapAdmin__Email", failure.Message);
    }

    [Theory]
    [InlineData("not-an-email", "correct horse battery")]
    [InlineData("root@example.com", "short")]
    [InlineData("root@example.com", "")]
    public void A_bootstrap_admin_must_be_usable(string email, string password)
    {
        var configuration = Configuration(("Auth:BootstrapAdmin:Email", email), ("Auth:BootstrapAdmin:Password", password));

        var failure = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddSettings<AuthSettings>(configuration, AuthSettings.Section));

        Assert.Contains("Auth__BootstrapAdmin", failure.Message);
    }
}
