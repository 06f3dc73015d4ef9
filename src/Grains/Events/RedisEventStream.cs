using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Batching;
using OrleansSessions.Grains.Hosting;
using StackExchange.Redis;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// Cluster mode: the Redis stream <c>Events:Stream</c> is the log. Each event is one entry (<c>XADD</c>, trimmed near
/// <c>Events:StreamMaxLength</c>) with fields <c>id</c>, <c>type</c>, <c>user_id</c> and <c>body</c> (the JSON every
/// sink sends). Webhook dispatchers read it through consumer groups, so what a dispatcher read and never acknowledged
/// is read again after its silo dies.
/// </summary>
internal sealed partial class RedisEventStream : IEventLog
{
    /// <summary>The one consumer of each group: each webhook has one dispatcher in the cluster (a grain).</summary>
    private const string Consumer = "dispatcher";

    /// <summary>The most events one script call carries: one user's bigger batch (an outbox after an outage) is sent as several, one after another.</summary>
    internal const int MaxEventsPerCall = 256;

    /// <summary>
    /// <c>XADD</c>s to <c>KEYS[1]</c>, trimmed near <c>ARGV[1]</c> entries, one entry per run of <c>ARGV[2]</c>
    /// arguments after those two: each run the field names and values of one event (<see cref="Fields"/>).
    /// </summary>
    private const string AppendBatchScript = """
        local step = tonumber(ARGV[2])
        for i = 3, #ARGV, step do
          redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, i, i + step - 1))
        end
        return 0
        """;

    private readonly SharedRedisConnection _redis;
    private readonly RedisKey _stream;
    private readonly long _maxLength;
    private readonly GroupCommit<UserEvent, int> _appends;
    private readonly ILogger _logger;

    public RedisEventStream(SharedRedisConnection redis, IOptions<EventSettings> settings, ILogger<RedisEventStream>? logger = null)
    {
        (_redis, _stream, _maxLength) = (redis, settings.Value.Stream, settings.Value.StreamMaxLength);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _appends = new GroupCommit<UserEvent, int>(AppendBatchAsync, MaxEventsPerCall);
    }

    /// <summary>
    /// Appends in order, together with what the silo's other grains append meanwhile (<see cref="GroupCommit{TItem, TResult}"/>,
    /// at most <see cref="MaxEventsPerCall"/> events a call, or one user's bigger batch alone): under load one script
    /// call carries the events of many users instead of one call each. The task completes once its call is done, and
    /// fails if it failed: then the events of every user in that call are appended again, under their own ids. What
    /// makes an append fail (Redis away or out of memory, the key of another type) fails every append alike: no one
    /// user's events can keep the others' out.
    /// </summary>
    public Task AppendAsync(string userId, IReadOnlyList<SessionEvent> events) =>
        _appends.AddAsync([.. events.Select(e => new UserEvent(userId, e))]);

    private async Task<int> AppendBatchAsync(IReadOnlyList<UserEvent> events)
    {
        var db = (await _redis.GetAsync()).GetDatabase();
        if (events.Count == 1)
        {
            await db.StreamAddAsync(_stream, Fields(events[0]), maxLength: _maxLength, useApproximateMaxLength: true);
            return 1;
        }

        // One command per chunk, each run whole with no other writer's entries in it (a script), the chunks one after
        // another so the stream keeps each user's order even when a chunk fails.
        foreach (var chunk in events.Chunk(MaxEventsPerCall))
        {
            var arguments = new RedisValue[2 + (chunk.Length * FieldCount * 2)];
            arguments[0] = _maxLength;
            arguments[1] = FieldCount * 2; // the arguments of one event
            var next = 2;
            foreach (var e in chunk)
            {
                foreach (var field in Fields(e))
                {
                    arguments[next++] = field.Name;
                    arguments[next++] = field.Value;
                }
            }

            await db.ScriptEvaluateAsync(AppendBatchScript, [_stream], arguments);
        }

        return events.Count;
    }

    /// <summary>A new reader starts with the events appended after it was made (a new webhook gets no history).</summary>
    public async Task EnsureReaderAsync(string reader) =>
        await CreateGroupAsync((await _redis.GetAsync()).GetDatabase(), reader, StreamPosition.NewMessages);

    /// <summary>
    /// Pending entries first (read before and never acknowledged: a dispatcher that died), then new ones. A group that
    /// is gone, with the stream key (deleted, evicted, or a failover to a replica that never had it: the appends since
    /// made a new stream) or alone (<c>XGROUP DESTROY</c>), is made again at the stream's first entry: the reader misses
    /// nothing appended since, at the cost of repeating what it had (under the events' own ids).
    /// </summary>
    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(string reader, int count)
    {
        var db = (await _redis.GetAsync()).GetDatabase();
        StreamEntry[] entries;
        try
        {
            entries = await ReadGroupAsync(db, reader, count);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            LogReaderRecreated(_logger, reader);
            await CreateGroupAsync(db, reader, "0-0");
            entries = await ReadGroupAsync(db, reader, count);
        }

        var read = new List<LoggedEvent>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.IsNull || entry.Values.Length == 0)
            {
                // Trimmed from the stream while pending (Redis answers its id without fields): nothing left to send;
                // acknowledge it so it stops coming back.
                await AcknowledgeAsync(reader, entry.Id!);
                continue;
            }

            string eventId = entry["id"]!;
            var time = SessionEvent.TimeOf(eventId) ?? DateTimeOffset.FromUnixTimeMilliseconds(MillisecondsOf(entry.Id!));
            read.Add(new LoggedEvent(entry.Id!, eventId, time, entry["body"]!));
        }

        return read;
    }

    private async Task<StreamEntry[]> ReadGroupAsync(IDatabase db, string reader, int count)
    {
        var entries = await db.StreamReadGroupAsync(_stream, reader, Consumer, "0", count);
        return entries.Length > 0 ? entries : await db.StreamReadGroupAsync(_stream, reader, Consumer, ">", count);
    }

    private async Task CreateGroupAsync(IDatabase db, string reader, RedisValue position)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(_stream, reader, position, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // It exists: it goes on from where it was.
        }
    }

    public async Task AcknowledgeAsync(string reader, string entry) =>
        await (await _redis.GetAsync()).GetDatabase().StreamAcknowledgeAsync(_stream, reader, entry);

    /// <summary>How many fields <see cref="Fields"/> gives (a batch's arguments are sized by it; the batch tests fail if they differ).</summary>
    private const int FieldCount = 4;

    /// <summary>The entry's fields; the body as its UTF-8 bytes, which Redis stores as they are (the same text read back).</summary>
    private static NameValueEntry[] Fields(UserEvent e) =>
    [
        new("id", e.Event.Id),
        new("type", e.Event.Type),
        new("user_id", e.UserId),
        new("body", SessionEventJson.WriteUtf8(e.UserId, e.Event)),
    ];

    private readonly record struct UserEvent(string UserId, SessionEvent Event);

    /// <summary>A stream entry id starts with the Unix milliseconds it was added at (for an event id of another form).</summary>
    private static long MillisecondsOf(string entry) => long.Parse(entry.AsSpan(0, entry.IndexOf('-')), System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event stream had no reader {Reader} (its key was lost); reading the new stream from its first entry")]
    private static partial void LogReaderRecreated(ILogger logger, string reader);
}
