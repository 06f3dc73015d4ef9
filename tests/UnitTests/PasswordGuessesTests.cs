using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary>Password checks of one account: reserved before the check, per client network and from all networks.</summary>
public sealed class PasswordGuessesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const string A = "203.0.113.1";
    private const string B = "198.51.100.7";

    private static PasswordGuesses Guesses(int perNetwork = 3, int allNetworks = 100) => new(perNetwork, allNetworks, Window);

    private static long Failed(PasswordGuesses guesses, string network, DateTimeOffset at)
    {
        var ticket = guesses.Reserve(network, at).Ticket ?? throw new InvalidOperationException("refused");
        guesses.Fail(ticket);
        return ticket;
    }

    [Fact]
    public void Checks_still_in_flight_count_so_no_more_than_the_limit_are_let_through()
    {
        var guesses = Guesses(perNetwork: 3);

        var reservations = Enumerable.Range(0, 50).Select(_ => guesses.Reserve(A, T0)).ToList();

        Assert.Equal(3, reservations.Count(r => r.Ticket is not null));
        Assert.Equal(3, reservations.Select(r => r.Ticket).OfType<long>().Distinct().Count());
        Assert.All(reservations.Skip(3), r => Assert.Null(r.Ticket));
        Assert.Equal([2, 1, 0], reservations.Take(3).Select(r => r.Decision.Remaining));
        var refused = reservations[3].Decision;
        Assert.False(refused.Allowed);
        Assert.Equal((3, 0, Window), (refused.Limit, refused.Remaining, refused.ResetAfter));
    }

    [Fact]
    public void Failures_from_one_network_leave_the_others_alone()
    {
        var guesses = Guesses(perNetwork: 3);
        for (var i = 0; i < 3; i++)
        {
            Failed(guesses, A, T0);
        }

        Assert.Null(guesses.Reserve(A, T0.AddMinutes(1)).Ticket);
        var fromB = guesses.Reserve(B, T0.AddMinutes(1));
        Assert.NotNull(fromB.Ticket);
        Assert.Equal(2, fromB.Decision.Remaining);
    }

    [Fact]
    public void Every_network_together_is_capped()
    {
        var guesses = Guesses(perNetwork: 3, allNetworks: 5);
        for (var i = 0; i < 5; i++)
        {
            Failed(guesses, $"198.51.100.{i}", T0);
        }

        var refused = guesses.Reserve("192.0.2.1", T0.AddMinutes(2));

        Assert.Null(refused.Ticket);
        Assert.Equal((5, 0, TimeSpan.FromMinutes(13)), (refused.Decision.Limit, refused.Decision.Remaining, refused.Decision.ResetAfter));
    }

    [Fact]
    public void The_figures_are_those_of_the_tighter_limit()
    {
        var guesses = Guesses(perNetwork: 3, allNetworks: 4);
        Failed(guesses, A, T0);
        Failed(guesses, B, T0);

        var figures = guesses.Reserve(A, T0).Decision; // 2 of 3 from A, 3 of 4 from all: 1 left either way
        Assert.Equal((3, 1), (figures.Limit, figures.Remaining));
        var tighter = guesses.Reserve(B, T0).Decision; // 2 of 3 from B, 4 of 4 from all
        Assert.Equal((4, 0), (tighter.Limit, tighter.Remaining));
    }

    [Fact]
    public void A_right_password_takes_back_its_check_and_its_networks_failures_but_not_checks_in_flight_or_other_networks()
    {
        var guesses = Guesses(perNetwork: 3);
        Failed(guesses, A, T0);
        Failed(guesses, A, T0);
        Failed(guesses, B, T0);
        Failed(guesses, B, T0);
        var inFlight = guesses.Reserve(A, T0).Ticket!.Value;
        Assert.Null(guesses.Reserve(A, T0).Ticket);

        guesses.Succeed(B, guesses.Reserve(B, T0).Ticket!.Value);
        Assert.Equal(2, guesses.Reserve(B, T0).Decision.Remaining); // B starts over: this check is its first
        Assert.Null(guesses.Reserve(A, T0).Ticket); // A's failures and its check in flight still count

        guesses.Fail(inFlight);
        guesses.Succeed("192.0.2.9", guesses.Reserve("192.0.2.9", T0).Ticket!.Value); // a right password from elsewhere
        Assert.Null(guesses.Reserve(A, T0).Ticket);
    }

    [Fact]
    public void Checks_leave_the_window_when_it_passes_whether_or_not_they_were_reported()
    {
        var guesses = Guesses(perNetwork: 2);
        guesses.Reserve(A, T0); // its caller never reported: it counts as a failure
        Failed(guesses, A, T0.AddMinutes(5));

        var blocked = guesses.Reserve(A, T0.AddMinutes(14));
        Assert.Null(blocked.Ticket);
        Assert.Equal(TimeSpan.FromMinutes(1), blocked.Decision.ResetAfter);

        var later = guesses.Reserve(A, T0.AddMinutes(15));
        Assert.NotNull(later.Ticket);
        Assert.Equal(0, later.Decision.Remaining);
        Assert.Equal(TimeSpan.FromMinutes(5), later.Decision.ResetAfter);
    }

    [Fact]
    public void Reporting_an_unknown_ticket_changes_nothing()
    {
        var guesses = Guesses(perNetwork: 2);
        Failed(guesses, A, T0);

        guesses.Fail(999);
        guesses.Succeed(B, 999);

        Assert.Equal(0, guesses.Reserve(A, T0).Decision.Remaining);
    }

    [Fact]
    public void A_check_refused_while_others_are_in_flight_may_open_up_and_one_refused_by_failures_may_not()
    {
        var guesses = new PasswordGuesses(perNetworkLimit: 2, allNetworksLimit: 10, TimeSpan.FromMinutes(15));
        var now = DateTimeOffset.UnixEpoch;
        var first = guesses.Reserve("a", now).Ticket!.Value;
        var second = guesses.Reserve("a", now).Ticket!.Value;

        Assert.Null(guesses.Reserve("a", now).Ticket);
        Assert.True(guesses.MayOpenUp("a")); // both still in flight: a right password would take its check back
        Assert.False(guesses.MayOpenUp("b"));

        guesses.Succeed("a", first);
        Assert.NotNull(guesses.Reserve("a", now).Ticket);

        guesses.Fail(second);
        Assert.True(guesses.MayOpenUp("a")); // the one reserved just now is still in flight
    }

    [Fact]
    public void Settled_failures_alone_never_open_up()
    {
        var guesses = new PasswordGuesses(perNetworkLimit: 2, allNetworksLimit: 10, TimeSpan.FromMinutes(15));
        var now = DateTimeOffset.UnixEpoch;
        guesses.Fail(guesses.Reserve("a", now).Ticket!.Value);
        guesses.Fail(guesses.Reserve("a", now).Ticket!.Value);

        Assert.Null(guesses.Reserve("a", now).Ticket);
        Assert.False(guesses.MayOpenUp("a"));
    }

    [Fact]
    public void A_lock_whose_report_failed_asks_one_refused_check_at_a_time_to_report_it_until_it_is_reported()
    {
        var guesses = Guesses(perNetwork: 2);
        Failed(guesses, A, T0);
        var second = guesses.Reserve(A, T0);
        Assert.False(second.LockUnreported);

        Assert.True(guesses.Fail(second.Ticket!.Value)); // locks: its own caller is to report it
        Assert.False(guesses.Reserve(A, T0.AddSeconds(1)).LockUnreported); // while that caller has its turn
        guesses.LockReportDone(stored: false);

        var refused = Enumerable.Range(0, 20).Select(_ => guesses.Reserve(A, T0.AddSeconds(2))).ToList(); // parallel guesses
        Assert.Single(refused, r => r.LockUnreported);
        Assert.False(guesses.Reserve(A, T0.AddSeconds(3)).LockUnreported); // that one has not said how it went

        var crashed = T0.AddSeconds(2) + PasswordGuesses.ReportClaim;
        Assert.True(guesses.Reserve(A, crashed).LockUnreported); // it never will: another is asked
        guesses.LockReportDone(stored: true);
        Assert.False(guesses.Reserve(A, crashed + PasswordGuesses.ReportClaim).LockUnreported);
    }

    [Fact]
    public void A_lock_is_owed_while_it_lasts_even_when_another_network_gets_through_and_no_more_once_it_ended()
    {
        var guesses = Guesses(perNetwork: 1);
        Failed(guesses, A, T0); // locks A; its report fails

        guesses.LockReportDone(stored: false);

        var owner = guesses.Reserve(B, T0.AddMinutes(1)); // the owner, from another network, is let through
        guesses.Succeed(B, owner.Ticket!.Value);
        Assert.True(guesses.Reserve(A, T0.AddMinutes(2)).LockUnreported); // A is still locked: still owed
        guesses.LockReportDone(stored: false);

        var after = guesses.Reserve(A, T0 + Window); // the failure left the window: the lock is over, nothing is owed
        Assert.NotNull(after.Ticket);
        var refused = guesses.Reserve(A, T0 + Window); // refused, by the check still in flight: no lock to report
        Assert.Null(refused.Ticket);
        Assert.False(refused.LockUnreported);
    }
}
