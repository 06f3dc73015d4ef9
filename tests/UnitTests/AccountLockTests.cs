using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary>When failures lock an account (<c>account.locked</c>): the failure that reaches a limit, once per lock.</summary>
public sealed class AccountLockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static bool Fail(PasswordGuesses guesses, string network, DateTimeOffset at) =>
        guesses.Fail(guesses.Reserve(network, at).Ticket ?? throw new InvalidOperationException("refused"));

    [Fact]
    public void The_failure_that_reaches_the_per_network_limit_locks_and_only_that_one()
    {
        var guesses = new PasswordGuesses(3, 100, TimeSpan.FromMinutes(15));
        Assert.False(Fail(guesses, "a", T0));
        Assert.False(Fail(guesses, "a", T0));
        Assert.True(Fail(guesses, "a", T0));
        Assert.Null(guesses.Reserve("a", T0).Ticket);
    }

    [Fact]
    public void The_failure_that_reaches_the_all_networks_limit_locks()
    {
        var guesses = new PasswordGuesses(10, 3, TimeSpan.FromMinutes(15));
        Assert.False(Fail(guesses, "a", T0));
        Assert.False(Fail(guesses, "b", T0));
        Assert.True(Fail(guesses, "c", T0));
    }

    [Fact]
    public void Reporting_the_same_ticket_twice_locks_nothing_more()
    {
        var guesses = new PasswordGuesses(1, 100, TimeSpan.FromMinutes(15));
        var ticket = guesses.Reserve("a", T0).Ticket!.Value;
        Assert.True(guesses.Fail(ticket));
        Assert.False(guesses.Fail(ticket));
    }

    [Fact]
    public void After_the_window_the_account_can_lock_again()
    {
        var guesses = new PasswordGuesses(2, 100, TimeSpan.FromMinutes(15));
        Fail(guesses, "a", T0);
        Assert.True(Fail(guesses, "a", T0));
        Fail(guesses, "a", T0.AddMinutes(16));
        Assert.True(Fail(guesses, "a", T0.AddMinutes(16)));
    }
}
