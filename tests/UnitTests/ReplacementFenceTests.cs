using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary>
/// When a call that ended sessions may return: not before a silo declared dead (whose stale copy of the grain may still
/// answer from memory) has stopped, counted from the earliest moment the death can have happened.
/// </summary>
public sealed class ReplacementFenceTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(4);
    private readonly ReplacementFence _fence = new(Lifetime);

    [Fact]
    public void Without_a_silo_death_nothing_waits()
    {
        Assert.Equal(TimeSpan.Zero, _fence.Hold(sinceActivation: TimeSpan.Zero, sinceDeathSeen: null));
    }

    [Fact]
    public void A_replacement_activated_just_after_a_death_waits_until_the_stale_copy_has_stopped()
    {
        // The death was seen 1 s ago and the activation is younger: the dead silo stops at most 3 s from now.
        Assert.Equal(TimeSpan.FromSeconds(3), _fence.Hold(sinceActivation: TimeSpan.FromMilliseconds(200), sinceDeathSeen: TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void An_activation_seen_before_the_death_counts_from_its_own_start()
    {
        // Activated 2 s ago, death seen 3 s ago: the death happened before both, the earliest bound is 3 s ago.
        Assert.Equal(TimeSpan.FromSeconds(1), _fence.Hold(sinceActivation: TimeSpan.FromSeconds(2), sinceDeathSeen: TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void An_activation_older_than_the_stale_copy_lifetime_waits_for_nothing()
    {
        // Older than the lifetime: a replacement created after a death that recent cannot be this old; and a death seen
        // that long ago has its stale copy stopped already.
        Assert.Equal(TimeSpan.Zero, _fence.Hold(sinceActivation: TimeSpan.FromSeconds(10), sinceDeathSeen: TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.Zero, _fence.Hold(sinceActivation: TimeSpan.FromSeconds(1), sinceDeathSeen: TimeSpan.FromSeconds(5)));
    }
}
