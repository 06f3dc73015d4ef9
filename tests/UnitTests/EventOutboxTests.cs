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
}
