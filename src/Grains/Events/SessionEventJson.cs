using System.Globalization;
using System.Text.Json;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// The body of an event as every sink sends it: <c>{"id","type","time","user_id","session_id","client","reason",
/// "ip_address","device_info","new_device"}</c>, snake_case, times in ISO-8601 UTC in whole seconds as every answer of
/// the REST API (<c>2026-01-01T10:00:00Z</c>; a user's events are in order in the stream and the webhooks, so no
/// finer time is needed to order them). Written once per event.
/// </summary>
internal static class SessionEventJson
{
    /// <summary>
    /// Each thread's buffer and writer, reused: a writer on a fresh buffer asks it for 4 KB at its first write, so a
    /// writer per event made about a third of a busy silo's garbage. Writing is synchronous, so one per thread suffices.
    /// </summary>
    [ThreadStatic]
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Json)? t_writer;

    public static string Write(string userId, SessionEvent e) => System.Text.Encoding.UTF8.GetString(WriteToBuffer(userId, e));

    /// <summary>The body as UTF-8 bytes (what the stream stores), without the string between.</summary>
    public static byte[] WriteUtf8(string userId, SessionEvent e) => WriteToBuffer(userId, e).ToArray();

    /// <summary>The body in this thread's buffer, valid until the thread's next call.</summary>
    private static ReadOnlySpan<byte> WriteToBuffer(string userId, SessionEvent e)
    {
        var (buffer, json) = t_writer ??= NewWriter();
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteString("id", e.Id);
        json.WriteString("type", e.Type);
        json.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)); // as API.md writes times
        json.WriteString("user_id", userId);
        json.WriteString("session_id", e.SessionId);
        json.WriteString("client", e.Client);
        json.WriteString("reason", e.Reason);
        json.WriteString("ip_address", e.IpAddress);
        if (e.Device is { } device)
        {
            json.WriteStartObject("device_info");
            json.WriteString("device_type", device.DeviceType);
            json.WriteString("os", device.Os);
            json.WriteString("browser", device.Browser);
            json.WriteString("device_fingerprint", device.DeviceFingerprint);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("device_info");
        }

        if (e.NewDevice is { } newDevice)
        {
            json.WriteBoolean("new_device", newDevice);
        }
        else
        {
            json.WriteNull("new_device");
        }

        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan;
    }

    private static (System.Buffers.ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        return (buffer, new Utf8JsonWriter(buffer));
    }
}
