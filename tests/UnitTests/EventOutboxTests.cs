using OrleansSessions.Grains.Events;

namespace OrleansSessions.UnitTests;

/// <summary>The outbox keeps events in order until delivered, and never more than its bound.</summary>
public sealed class EventOutboxTests
{
    private static SessionEvent Event(int n) => new($"evt_{n}", SessionEventTypes.Created, n, $"s{n}", "default", null, null, null, true);

    [Fact]
    public void Delivered_events_leave_from_the_front_in_order()
    {
        var outbox = new EventOutbox([]);
        outbox.Add(Event(1));
        outbox.Add(Event(2));
        outbox.Add(Event(3));

        outbox.Delivered(2);

        Assert.Equal(["evt_3"], outbox.Pending.Select(e => e.Id));
    }

    [Fact]
    public void A_full_outbox_drops_its_oldest_and_reports_them()
    {
        var outbox = new EventOutbox([]);
        for (var i = 0; i < EventOutbox.MaxPending + 2; i++)
        {
            outbox.Add(Event(i));
        }

        Assert.Equal(EventOutbox.MaxPending, outbox.Count);
        Assert.Equal(["evt_0", "evt_1"], outbox.TakeDropped().Select(e => e.Id));
        Assert.Empty(outbox.TakeDropped());
        Assert.Equal("evt_2", outbox.Pending[0].Id);
    }

    [Fact]
    public void Restoring_a_full_outbox_takes_back_the_changes_events_and_returns_those_it_pushed_out()
    {
        var outbox = new EventOutbox([]);
        for (var i = 0; i < EventOutbox.MaxPending + 1; i++)
        {
            outbox.Add(Event(i)); // full; event 0 already dropped
        }

        var before = outbox.Pending.Select(e => e.Id).ToList();
        var mark = outbox.TakeMark();
        outbox.Add(Event(5000)); // a change whose write fails: it pushes out events 1 and 2
        outbox.Add(Event(5001));

        outbox.RestoreTo(mark);

        Assert.Equal(before, outbox.Pending.Select(e => e.Id));
        Assert.Equal(["evt_0"], outbox.TakeDropped().Select(e => e.Id)); // dropped before the mark: it stays dropped
    }
}
