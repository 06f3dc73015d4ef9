using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary>
/// Telling a store that went back (Redis lost acknowledged writes) from another copy's write: only a record stamped
/// older than what this copy last read or wrote is the store going back.
/// </summary>
public sealed class StoreVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_write_is_stamped_with_its_time_and_counts_once_written()
    {
        var version = new StoreVersion();

        var stamped = version.Next(Now);

        Assert.Equal(Now.UtcTicks, stamped);
        Assert.Equal(0, version.Held);
        version.Written();
        Assert.Equal(stamped, version.Held);
    }

    [Fact]
    public void Versions_grow_with_every_write_even_when_the_clock_stands_still_or_goes_back()
    {
        var version = new StoreVersion();
        version.Next(Now);
        version.Written();

        var sameTick = version.Next(Now);
        version.Written();
        var clockBehind = version.Next(Now.AddSeconds(-5));

        Assert.Equal(Now.UtcTicks + 1, sameTick);
        Assert.Equal(Now.UtcTicks + 2, clockBehind);
    }

    [Fact]
    public void A_record_older_than_memory_is_the_store_going_back()
    {
        var version = new StoreVersion();
        version.Read(Now.UtcTicks);
        version.Next(Now.AddSeconds(1));
        version.Written(); // the write Redis then lost

        Assert.True(version.StoreWentBack(recordExists: true, stored: Now.UtcTicks));
    }

    [Fact]
    public void A_newer_or_equal_record_is_another_copys_write()
    {
        var version = new StoreVersion();
        version.Read(Now.UtcTicks);

        Assert.False(version.StoreWentBack(recordExists: true, stored: Now.AddMilliseconds(1).UtcTicks));
        Assert.False(version.StoreWentBack(recordExists: true, stored: Now.UtcTicks));
    }

    [Fact]
    public void No_record_or_a_record_without_a_version_is_never_taken_for_the_store_going_back()
    {
        // Either may be another copy's: a delete (its last session ended), or a write by a release before versions.
        var version = new StoreVersion();
        version.Read(Now.UtcTicks);

        Assert.False(version.StoreWentBack(recordExists: false, stored: 0));
        Assert.False(version.StoreWentBack(recordExists: true, stored: 0));
    }

    [Fact]
    public void A_write_the_store_refused_does_not_count()
    {
        // Another copy wrote first: its version, stamped a moment earlier, must still read as newer than this copy's.
        var version = new StoreVersion();
        version.Read(Now.UtcTicks);
        version.Next(Now.AddSeconds(2)); // refused, never Written

        Assert.False(version.StoreWentBack(recordExists: true, stored: Now.AddSeconds(1).UtcTicks));
    }

    [Fact]
    public void For_a_record_never_deleted_no_record_at_all_is_the_store_going_back_once_memory_holds_a_version()
    {
        var version = new StoreVersion();
        Assert.False(version.KeptRecordWentBack(recordExists: false, stored: 0)); // nothing stored yet: a new account

        version.Next(Now);
        version.Written();

        Assert.True(version.KeptRecordWentBack(recordExists: false, stored: 0));
        Assert.True(version.KeptRecordWentBack(recordExists: true, stored: Now.AddSeconds(-1).UtcTicks));
        Assert.False(version.KeptRecordWentBack(recordExists: true, stored: Now.AddSeconds(1).UtcTicks));
    }
}
