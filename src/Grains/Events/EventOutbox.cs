namespace OrleansSessions.Grains.Events;

/// <summary>
/// A user's events not yet handed to every sink, oldest first, over the very list the grain state stores: an event is
/// added in the turn that makes its change and stored by the same write, and leaves only once delivered. If the sinks
/// stay away the outbox keeps the newest <see cref="MaxPending"/> (the oldest are dropped and counted), so a user's
/// state never grows without bound.
/// </summary>
internal sealed class EventOutbox(List<SessionEvent> pending)
{
    public const int MaxPending = 1000;

    public IReadOnlyList<SessionEvent> Pending => pending;

    public int Count => pending.Count;

    /// <summary>Events dropped since the last <see cref="TakeDropped"/> because the outbox was full.</summary>
    private List<SessionEvent>? _dropped;

    public void Add(SessionEvent sessionEvent)
    {
        if (pending.Count >= MaxPending)
        {
            (_dropped ??= []).Add(pending[0]);
            pending.RemoveAt(0);
        }

        pending.Add(sessionEvent);
    }

    /// <summary>Removes the first <paramref name="count"/> events: every sink has them.</summary>
    public void Delivered(int count) => pending.RemoveRange(0, Math.Min(count, pending.Count));

    /// <summary>
    /// Goes back to the events held at <paramref name="mark"/> (a change that could not be stored made the rest): those
    /// it made leave, and those it pushed out of a full outbox come back.
    /// </summary>
    public void RestoreTo(Mark mark)
    {
        if (_dropped is { } dropped && dropped.Count > mark.Dropped)
        {
            pending.InsertRange(0, dropped[mark.Dropped..]);
            dropped.RemoveRange(mark.Dropped, dropped.Count - mark.Dropped);
        }

        if (pending.Count > mark.Count)
        {
            pending.RemoveRange(mark.Count, pending.Count - mark.Count);
        }
    }

    public Mark TakeMark() => new(pending.Count, _dropped?.Count ?? 0);

    public IReadOnlyList<SessionEvent> TakeDropped()
    {
        var dropped = _dropped ?? [];
        _dropped = null;
        return dropped;
    }

    public readonly record struct Mark(int Count, int Dropped);
}
