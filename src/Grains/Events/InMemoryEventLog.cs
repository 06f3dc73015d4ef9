namespace OrleansSessions.Grains.Events;

/// <summary>
/// Embedded mode: the log is in memory, as the grain state is (a restart loses both). Bounded: past
/// <see cref="MaxEntries"/> the oldest entries go, whether or not every reader has them.
/// </summary>
internal sealed class InMemoryEventLog : IEventLog
{
    public const int MaxEntries = 100_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<(long Position, LoggedEvent Event)> _entries = new();
    private readonly Dictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private long _last;

    public Task AppendAsync(string userId, IReadOnlyList<SessionEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                var position = ++_last;
                _entries.AddLast((position, new LoggedEvent(position.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Id, e.Time, SessionEventJson.Write(userId, e))));
                if (_entries.Count > MaxEntries)
                {
                    _entries.RemoveFirst();
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task EnsureReaderAsync(string reader)
    {
        lock (_gate)
        {
            _acknowledged.TryAdd(reader, _last);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(string reader, int count)
    {
        lock (_gate)
        {
            var after = _acknowledged.GetValueOrDefault(reader, _last);
            var read = new List<LoggedEvent>(Math.Min(count, 64));
            for (var node = _entries.Last; node is not null && node.Value.Position > after; node = node.Previous)
            {
                read.Add(node.Value.Event);
            }

            read.Reverse();
            return Task.FromResult<IReadOnlyList<LoggedEvent>>(read.Count > count ? read.GetRange(0, count) : read);
        }
    }

    public Task AcknowledgeAsync(string reader, string entry)
    {
        lock (_gate)
        {
            var position = long.Parse(entry, System.Globalization.CultureInfo.InvariantCulture);
            if (position > _acknowledged.GetValueOrDefault(reader))
            {
                _acknowledged[reader] = position;
            }
        }

        return Task.CompletedTask;
    }
}
