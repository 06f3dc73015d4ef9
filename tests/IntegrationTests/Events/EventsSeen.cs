using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace OrleansSessions.IntegrationTests.Events;

/// <summary>Reading what the sinks got: the Redis stream's entries, and waiting for a condition on either.</summary>
public static class EventsSeen
{
    public const string DefaultStream = "orleans-sessions:events";

    /// <summary>Every entry of the stream, oldest first, as its JSON body; the entry's own fields must agree with it.</summary>
    public static async Task<IReadOnlyList<JsonObject>> StreamAsync(IConnectionMultiplexer redis, string stream = DefaultStream)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(stream);
        var events = new List<JsonObject>(entries.Length);
        foreach (var entry in entries)
        {
            var body = JsonNode.Parse(entry["body"].ToString())!.AsObject();
            Assert.Equal(entry["id"].ToString(), body["id"]!.GetValue<string>());
            Assert.Equal(entry["type"].ToString(), body["type"]!.GetValue<string>());
            Assert.Equal(entry["user_id"].ToString(), body["user_id"]!.GetValue<string>());
            events.Add(body);
        }

        return events;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return await condition();
    }

    public static string Text(this JsonObject e, string field) => e[field]?.GetValue<string>() ?? "";

    /// <summary>The events of one user, duplicates (same id) dropped, in arrival order.</summary>
    public static List<JsonObject> Of(IEnumerable<JsonObject> events, string userId)
    {
        var seen = new HashSet<string>();
        return [.. events.Where(e => e.Text("user_id") == userId && seen.Add(e.Text("id")))];
    }
}
