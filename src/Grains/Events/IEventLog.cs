namespace OrleansSessions.Grains.Events;

/// <summary>
/// The durable, ordered log every event goes through: the Redis stream in cluster mode, a bounded in-memory log in
/// embedded mode (where the grain state is in memory too). The user's grain appends; webhook dispatchers read it, each
/// with its own cursor (a consumer group), and acknowledge what their endpoint accepted.
/// </summary>
internal interface IEventLog
{
    /// <summary>Appends the events in order; returns when the log holds them all (or throws, and the outbox keeps them).</summary>
    Task AppendAsync(string userId, IReadOnlyList<SessionEvent> events);

    /// <summary>Creates the reader <paramref name="reader"/> if it does not exist, starting at the log's end.</summary>
    Task EnsureReaderAsync(string reader);

    /// <summary>
    /// Up to <paramref name="count"/> entries for <paramref name="reader"/>, oldest first: first those it read and never
    /// acknowledged (its previous activation died with them), then new ones.
    /// </summary>
    Task<IReadOnlyList<LoggedEvent>> ReadAsync(string reader, int count);

    /// <summary>The reader is done with <paramref name="entry"/>.</summary>
    Task AcknowledgeAsync(string reader, string entry);
}
