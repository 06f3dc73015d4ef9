// Reads OrleansSessions' event stream with a consumer group: each event once per group (at least once: what a
// consumer read and did not acknowledge before it died is read again), several consumers of one group share the work.
// Usage: dotnet run --project samples/EventConsumer -- [redis] [group] [consumer]
using StackExchange.Redis;

var redis = await ConnectionMultiplexer.ConnectAsync(args.ElementAtOrDefault(0) ?? "localhost:6379");
var group = args.ElementAtOrDefault(1) ?? "audit";
var consumer = args.ElementAtOrDefault(2) ?? Environment.MachineName;
const string Stream = "orleans-sessions:events"; // Events:Stream
var db = redis.GetDatabase();

try
{
    // "0-0": the group starts with what the stream already holds; "$" would start with new events only.
    await db.StreamCreateConsumerGroupAsync(Stream, group, "0-0", createStream: true);
}
catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
{
    // The group exists: carry on where it left off.
}

var position = "0"; // first what this consumer read and never acknowledged, then new entries (">")
while (true)
{
    var entries = await db.StreamReadGroupAsync(Stream, group, consumer, position, count: 100);
    if (entries.Length == 0)
    {
        if (position == "0")
        {
            position = ">";
        }
        else
        {
            await Task.Delay(500); // StackExchange.Redis does not block; poll
        }

        continue;
    }

    foreach (var entry in entries)
    {
        // Events may come twice (at least once): drop duplicates by id.
        Console.WriteLine($"{entry["type"]} {entry["user_id"]} {entry["id"]}: {entry["body"]}");
        await db.StreamAcknowledgeAsync(Stream, group, entry.Id);
    }
}
