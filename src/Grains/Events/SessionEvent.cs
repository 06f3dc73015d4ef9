namespace OrleansSessions.Grains.Events;

/// <summary>
/// One event as kept in a user's outbox until every sink has it. The user is the outbox's owner (the grain key), so
/// it is not stored; <see cref="Id"/> is made once, when the change happens, so every redelivery carries the same one.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.SessionEvent")]
internal sealed record SessionEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] long TimeMs,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] string Client,
    [property: Id(5)] string? Reason,
    [property: Id(6)] string? IpAddress,
    [property: Id(7)] DeviceInfo? Device,
    [property: Id(8)] bool? NewDevice)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(TimeMs);

    /// <summary>A new event id: time-ordered prefix (for people reading logs), 96 random bits (for uniqueness).</summary>
    public static string NewId(DateTimeOffset now) =>
        $"evt_{now.ToUnixTimeMilliseconds():x11}{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12))}";

    /// <summary>The time <see cref="NewId"/> wrote into <paramref name="id"/>; null for an id of another form.</summary>
    public static DateTimeOffset? TimeOf(string id) =>
        id.Length > 15 && id.StartsWith("evt_", StringComparison.Ordinal)
        && long.TryParse(id.AsSpan(4, 11), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
