using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

public sealed class AttemptWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Allows_up_to_the_limit_within_the_window()
    {
        var window = new AttemptWindow(3, TimeSpan.FromMinutes(15));
        Assert.Equal(2, window.Record(T0).Remaining);
        Assert.Equal(1, window.Record(T0.AddMinutes(1)).Remaining);
        var last = window.Record(T0.AddMinutes(2));

        Assert.False(last.Allowed);
        Assert.Equal(0, last.Remaining);
        Assert.Equal(TimeSpan.FromMinutes(13), last.ResetAfter); // when the first attempt leaves the window
    }

    [Fact]
    public void Old_attempts_leave_the_window()
    {
        var window = new AttemptWindow(2, TimeSpan.FromMinutes(15));
        window.Record(T0);
        window.Record(T0.AddMinutes(5));

        Assert.False(window.Check(T0.AddMinutes(14)).Allowed);
        var later = window.Check(T0.AddMinutes(15));
        Assert.True(later.Allowed);
        Assert.Equal(1, later.Remaining);
        Assert.Equal(TimeSpan.FromMinutes(5), later.ResetAfter);
    }

    [Fact]
    public void Try_acquire_does_not_count_refused_attempts()
    {
        var window = new AttemptWindow(2, TimeSpan.FromMinutes(1));
        Assert.True(window.TryAcquire(T0).Allowed);
        Assert.True(window.TryAcquire(T0).Allowed);

        for (var i = 0; i < 10; i++)
        {
            Assert.False(window.TryAcquire(T0.AddSeconds(30)).Allowed);
        }

        Assert.True(window.TryAcquire(T0.AddMinutes(1)).Allowed); // the refused ones did not extend the block
    }
}
