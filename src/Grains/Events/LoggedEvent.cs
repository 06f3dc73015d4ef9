namespace OrleansSessions.Grains.Events;

/// <summary>One entry of the <see cref="IEventLog"/>: its position, the event's id and time, and the body sinks send.</summary>
internal sealed record LoggedEvent(string Entry, string EventId, DateTimeOffset Time, string Body);
