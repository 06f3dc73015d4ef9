using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Hosting;
using StackExchange.Redis;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// Cluster mode: the Redis stream <c>Events:Stream</c> is the log. Each event is one entry (<c>XADD</c>, trimmed near
/// <c>Events:StreamMaxLength</c>) with fields <c>id</c>, <c>type</c>, <c>user_id</c> and <c>body</c> (the JSON every
/// sink sends). Webhook dispatchers read it through consumer groups, so what a dispatcher read and never acknowledged
/// is read again after its silo dies.
/// </summary>
internal sealed class RedisEventStream(SharedRedisConnection redis, IOptions<EventSettings> settings) : IEventLog
{
    /// <summary>The one consumer of each group: each webhook has one dispatcher in the cluster (a grain).</summary>
    private const string Consumer = "dispatcher";

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

    private readonly RedisKey _stream = settings.Value.Stream;
    private readonly long _maxLength = settings.Value.StreamMaxLength;

    public async Task AppendAsync(string userId, IReadOnlyList<SessionEvent> events)
    {
        var db = (await redis.GetAsync()).GetDatabase();
        if (events.Count == 1)
        {
            await db.StreamAddAsync(_stream, Fields(userId, events[0]), maxLength: _maxLength, useApproximateMaxLength: true);
            return;
        }

        // One command for the batch, in order, run whole with no other writer's entries between (a script): half the
        // commands of a MULTI/EXEC transaction, which every sign-in that evicts (two events) would otherwise pay.
        var arguments = new List<RedisValue> { _maxLength, 0 };
        foreach (var e in events)
        {
            foreach (var field in Fields(userId, e))
            {
                arguments.Add(field.Name);
                arguments.Add(field.Value);
            }
        }

        arguments[1] = (arguments.Count - 2) / events.Count; // the arguments of one event
        await db.ScriptEvaluateAsync(AppendBatchScript, [_stream], [.. arguments]);
    }

    public async Task EnsureReaderAsync(string reader)
    {
        try
        {
            await (await redis.GetAsync()).GetDatabase().StreamCreateConsumerGroupAsync(_stream, reader, StreamPosition.NewMessages, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // It exists: it goes on from where it was.
        }
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(string reader, int count)
    {
        var db = (await redis.GetAsync()).GetDatabase();
        var entries = await db.StreamReadGroupAsync(_stream, reader, Consumer, "0", count);
        if (entries.Length == 0)
        {
            entries = await db.StreamReadGroupAsync(_stream, reader, Consumer, ">", count);
        }

        var read = new List<LoggedEvent>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                // Trimmed from the stream while pending: nothing left to send; acknowledge it so it stops coming back.
                await AcknowledgeAsync(reader, entry.Id!);
                continue;
            }

            read.Add(new LoggedEvent(entry.Id!, entry["id"]!, DateTimeOffset.FromUnixTimeMilliseconds(MillisecondsOf(entry.Id!)), entry["body"]!));
        }

        return read;
    }

    public async Task AcknowledgeAsync(string reader, string entry) =>
        await (await redis.GetAsync()).GetDatabase().StreamAcknowledgeAsync(_stream, reader, entry);

    private static NameValueEntry[] Fields(string userId, SessionEvent e) =>
    [
        new("id", e.Id),
        new("type", e.Type),
        new("user_id", userId),
        new("body", SessionEventJson.Write(userId, e)),
    ];

    /// <summary>A stream entry id starts with the Unix milliseconds it was added at.</summary>
    private static long MillisecondsOf(string entry) => long.Parse(entry.AsSpan(0, entry.IndexOf('-')), System.Globalization.CultureInfo.InvariantCulture);
}
