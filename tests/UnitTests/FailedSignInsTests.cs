using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

public sealed class FailedSignInsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_network_is_refused_once_it_reaches_the_limit_and_others_are_not()
    {
        var failures = new FailedSignIns(3, TimeSpan.FromMinutes(15));

        Assert.True(failures.Failed("198.51.100.7", T0).Allowed);
        Assert.True(failures.Failed("198.51.100.7", T0.AddMinutes(1)).Allowed);
        Assert.True(failures.Check("198.51.100.7", T0.AddMinutes(2)).Allowed);
        Assert.False(failures.Failed("198.51.100.7", T0.AddMinutes(2)).Allowed);

        var refused = failures.Check("198.51.100.7", T0.AddMinutes(3));
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMinutes(12), refused.ResetAfter); // when the first failure leaves the window
        Assert.True(failures.Check("198.51.100.8", T0.AddMinutes(3)).Allowed);
    }

    [Fact]
    public void Checking_counts_nothing_and_the_window_slides()
    {
        var failures = new FailedSignIns(2, TimeSpan.FromMinutes(15));
        for (var i = 0; i < 10; i++)
        {
            Assert.True(failures.Check("198.51.100.7", T0).Allowed);
        }

        failures.Failed("198.51.100.7", T0);
        failures.Failed("198.51.100.7", T0.AddMinutes(5));

        Assert.False(failures.Check("198.51.100.7", T0.AddMinutes(14)).Allowed);
        Assert.True(failures.Check("198.51.100.7", T0.AddMinutes(15)).Allowed);
    }

    [Fact]
    public void A_full_table_forgets_networks_with_nothing_in_their_window()
    {
        var failures = new FailedSignIns(2, TimeSpan.FromMinutes(15), maxNetworks: 2);
        failures.Failed("198.51.100.1", T0);
        failures.Failed("198.51.100.2", T0);

        failures.Failed("198.51.100.3", T0.AddMinutes(20));
        Assert.False(failures.Failed("198.51.100.3", T0.AddMinutes(20)).Allowed);

        Assert.True(failures.Check("198.51.100.4", T0.AddMinutes(20)).Allowed); // not counted with .3's failures
    }

    [Fact]
    public void Networks_arriving_while_the_table_is_full_of_live_counts_share_one_count()
    {
        var failures = new FailedSignIns(2, TimeSpan.FromMinutes(15), maxNetworks: 2);
        failures.Failed("198.51.100.1", T0);
        failures.Failed("198.51.100.2", T0);

        Assert.True(failures.Failed("203.0.113.1", T0).Allowed);
        Assert.False(failures.Failed("203.0.113.2", T0).Allowed);

        Assert.False(failures.Check("203.0.113.3", T0).Allowed); // a guesser with many addresses gets one limit, not one each
        Assert.True(failures.Check("198.51.100.1", T0).Allowed); // the networks already counted keep their own
    }
}
