using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

public sealed class FailedSignInsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static GuardedSignIn Wrong(FailedSignIns failures, string network, long guess, DateTimeOffset at) =>
        failures.Attempt(network, guess, at, () => false).Outcome;

    private static GuardedSignIn Right(FailedSignIns failures, string network, DateTimeOffset at) =>
        failures.Attempt(network, 0, at, () => true).Outcome;

    [Fact]
    public void A_network_at_the_limit_is_refused_unchecked_even_when_right_and_others_are_not()
    {
        var failures = new FailedSignIns(3, TimeSpan.FromMinutes(15));
        Wrong(failures, "198.51.100.7", 1, T0);
        Wrong(failures, "198.51.100.7", 2, T0.AddMinutes(1));
        var third = failures.Attempt("198.51.100.7", 3, T0.AddMinutes(2), () => false);

        var checkedAgain = false;
        var refused = failures.Attempt("198.51.100.7", 4, T0.AddMinutes(3), () => checkedAgain = true);

        Assert.Equal(GuardedSignIn.Wrong, third.Outcome);
        Assert.False(third.Next.Allowed);
        Assert.Equal(GuardedSignIn.Refused, refused.Outcome);
        Assert.False(checkedAgain);
        Assert.Equal(TimeSpan.FromMinutes(12), refused.Next.ResetAfter); // when the first failure leaves the window
        Assert.Equal(GuardedSignIn.Right, Right(failures, "198.51.100.8", T0.AddMinutes(3)));
    }

    [Fact]
    public void The_same_wrong_credentials_count_once()
    {
        var failures = new FailedSignIns(2, TimeSpan.FromMinutes(15));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(GuardedSignIn.Wrong, Wrong(failures, "198.51.100.7", 42, T0.AddSeconds(i)));
        }

        Assert.Equal(GuardedSignIn.Right, Right(failures, "198.51.100.7", T0.AddMinutes(1)));
        Wrong(failures, "198.51.100.7", 43, T0.AddMinutes(2));
        Assert.Equal(GuardedSignIn.Refused, Right(failures, "198.51.100.7", T0.AddMinutes(3)));
    }

    [Fact]
    public void Right_attempts_count_nothing_and_the_window_slides()
    {
        var failures = new FailedSignIns(2, TimeSpan.FromMinutes(15));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(GuardedSignIn.Right, Right(failures, "198.51.100.7", T0));
        }

        Wrong(failures, "198.51.100.7", 1, T0);
        Wrong(failures, "198.51.100.7", 2, T0.AddMinutes(5));

        Assert.Equal(GuardedSignIn.Refused, Right(failures, "198.51.100.7", T0.AddMinutes(14)));
        Assert.Equal(GuardedSignIn.Right, Right(failures, "198.51.100.7", T0.AddMinutes(15)));
    }

    [Fact]
    public void A_full_table_pushes_out_the_network_counted_first_and_never_refuses_a_network_without_failures()
    {
        var failures = new FailedSignIns(2, TimeSpan.FromMinutes(15), maxNetworks: 2);
        Wrong(failures, "198.51.100.1", 1, T0);
        Wrong(failures, "198.51.100.1", 2, T0);
        Wrong(failures, "198.51.100.2", 1, T0);
        Wrong(failures, "198.51.100.2", 2, T0);

        for (var i = 0; i < 100; i++)
        {
            Wrong(failures, $"203.0.113.{i}", 1, T0);
            Wrong(failures, $"203.0.113.{i}", 2, T0);
        }

        Assert.Equal(GuardedSignIn.Right, Right(failures, "192.0.2.1", T0)); // no shared count fills up for newcomers
        Assert.Equal(GuardedSignIn.Refused, Right(failures, "203.0.113.99", T0)); // the latest ones are still held
        Assert.Equal(GuardedSignIn.Right, Right(failures, "198.51.100.1", T0)); // the first was pushed out
    }

    [Fact]
    public void A_full_table_clears_networks_with_nothing_in_their_window_before_it_pushes_out_a_live_count()
    {
        var failures = new FailedSignIns(3, TimeSpan.FromMinutes(15), maxNetworks: 2);
        Wrong(failures, "198.51.100.1", 1, T0); // counted first, and still failing below
        Wrong(failures, "198.51.100.2", 1, T0.AddMinutes(1));
        Wrong(failures, "198.51.100.1", 2, T0.AddMinutes(10));
        Wrong(failures, "198.51.100.1", 3, T0.AddMinutes(11));

        Wrong(failures, "203.0.113.1", 1, T0.AddMinutes(16)); // .2's failure has left the window: .2 goes, .1 stays

        Assert.False(failures.Attempt("198.51.100.1", 4, T0.AddMinutes(16), () => false).Next.Allowed); // its count went on
    }

    [Fact]
    public void Parallel_wrong_guesses_never_pass_the_limit()
    {
        var failures = new FailedSignIns(5, TimeSpan.FromMinutes(15));
        var checkedCount = 0;

        Parallel.For(0, 200, i => failures.Attempt("198.51.100.7", i, T0, () =>
        {
            Interlocked.Increment(ref checkedCount);
            return false;
        }));

        Assert.Equal(5, checkedCount);
    }
}
