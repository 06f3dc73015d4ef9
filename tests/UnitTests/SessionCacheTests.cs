using Microsoft.Extensions.Time.Testing;
using OrleansSessions.Abstractions.Revocation;
using OrleansSessions.Api.Caching;

namespace OrleansSessions.UnitTests;

public sealed class SessionCacheTests
{
    private readonly FakeTimeProvider _time = new();

    private SessionCache LeasedCache()
    {
        var cache = new SessionCache(_time);
        cache.ExtendLease(_time.GetTimestamp() + (long)(5 * _time.TimestampFrequency));
        return cache;
    }

    [Fact]
    public void Answers_only_for_sessions_it_was_told_are_active()
    {
        var cache = LeasedCache();
        cache.RememberActive("a");

        Assert.True(cache.IsActive("a"));
        Assert.False(cache.IsActive("b"));
    }

    [Fact]
    public void Without_a_lease_it_neither_answers_nor_remembers()
    {
        var cache = new SessionCache(_time);
        cache.RememberActive("a");
        Assert.False(cache.IsActive("a"));

        var leased = LeasedCache();
        leased.RememberActive("b");
        _time.Advance(TimeSpan.FromSeconds(1));
        leased.ExtendLease(_time.GetTimestamp() - 1); // the lease ran out
        Assert.False(leased.IsActive("b"));
    }

    [Fact]
    public void Entries_live_two_seconds_so_activity_and_expiry_reach_the_grain()
    {
        var cache = LeasedCache();
        cache.RememberActive("a");

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.True(cache.IsActive("a"));
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(cache.IsActive("a"));
    }

    [Fact]
    public void A_revoked_session_is_forgotten_and_not_readmitted_by_a_late_answer()
    {
        var cache = LeasedCache();
        cache.RememberActive("a");

        cache.Forget(["a"]);
        cache.RememberActive("a"); // a grain answer from before the revoke, arriving late

        Assert.False(cache.IsActive("a"));
    }

    [Fact]
    public void A_pushed_end_is_remembered_for_the_protocols_minute_then_forgotten_by_a_later_push()
    {
        var cache = LeasedCache();
        cache.Forget(["a"]);
        _time.Advance(SessionCacheProtocol.RevokedMemory);
        cache.Forget(["b"]);
        Assert.Equal(2, cache.RevokedCount); // exactly a minute: still remembered

        _time.Advance(TimeSpan.FromMilliseconds(1));
        cache.Forget(["c"]);
        Assert.Equal(2, cache.RevokedCount); // b and c

        cache.ExtendLease(_time.GetTimestamp() + (long)(5 * _time.TimestampFrequency));
        cache.RememberActive("a");
        cache.RememberActive("b");
        Assert.True(cache.IsActive("a"));
        Assert.False(cache.IsActive("b"));
    }

    [Fact]
    public void A_session_pushed_again_is_remembered_a_minute_from_the_last_push()
    {
        var cache = LeasedCache();
        cache.Forget(["a"]);
        _time.Advance(TimeSpan.FromSeconds(30));
        cache.Forget(["a"]);
        _time.Advance(TimeSpan.FromSeconds(31)); // a minute after the first push, not after the second
        cache.Forget(["b"]);

        cache.ExtendLease(_time.GetTimestamp() + (long)(5 * _time.TimestampFrequency));
        cache.RememberActive("a");
        Assert.False(cache.IsActive("a"));
        Assert.Equal(2, cache.RevokedCount);
    }

    [Fact]
    public void Dropping_the_lease_forgets_everything()
    {
        var cache = LeasedCache();
        cache.RememberActive("a");

        cache.Drop();

        Assert.False(cache.HasLease);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void An_entry_counts_its_two_seconds_from_when_the_grain_was_asked()
    {
        var cache = LeasedCache();
        var askedAt = cache.Timestamp();
        _time.Advance(TimeSpan.FromMilliseconds(1500)); // the answer was slow to come back

        cache.RememberActive("a", askedAt);
        Assert.True(cache.IsActive("a"));
        _time.Advance(TimeSpan.FromMilliseconds(501));
        Assert.False(cache.IsActive("a"));
    }

    [Fact]
    public void An_answer_to_a_question_asked_before_the_lease_began_is_not_remembered()
    {
        var cache = new SessionCache(_time);
        var askedAt = cache.Timestamp(); // asked while the node had no lease: no revoker had to tell it anything
        _time.Advance(TimeSpan.FromMilliseconds(100));
        cache.ExtendLease(_time.GetTimestamp() + (long)(5 * _time.TimestampFrequency));

        cache.RememberActive("a", askedAt);

        Assert.False(cache.IsActive("a"));
    }

    [Fact]
    public void Nothing_remembered_before_a_lapsed_lease_is_answered_under_the_next_one()
    {
        var cache = LeasedCache();
        cache.RememberActive("a");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        cache.ExtendLease(_time.GetTimestamp()); // the lease runs out here, without a drop (a paused process)
        _time.Advance(TimeSpan.FromMilliseconds(100));

        cache.ExtendLease(_time.GetTimestamp() + (long)(5 * _time.TimestampFrequency));

        Assert.False(cache.IsActive("a"));
        cache.RememberActive("a");
        Assert.True(cache.IsActive("a"));
    }

    [Fact]
    public void Renewing_a_lease_before_it_runs_out_keeps_what_was_learnt()
    {
        var cache = LeasedCache();
        cache.RememberActive("a");
        _time.Advance(TimeSpan.FromSeconds(1));

        cache.ExtendLease(_time.GetTimestamp() + (long)(5 * _time.TimestampFrequency));

        Assert.True(cache.IsActive("a"));
    }
}
