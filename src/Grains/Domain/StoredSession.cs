namespace OrleansSessions.Grains.Domain;

/// <summary>
/// One active session as persisted. The refresh token is kept only as a SHA-256 hash of its secret, with the
/// <see cref="Generation"/> it was issued for (tokens carry theirs, under the Api's MAC, so any earlier one is known
/// for a reuse); <see cref="PreviousRefreshHash"/> is the hash it replaced, kept to tell the grace-window duplicate of
/// the last rotation.
/// Times are stored as Unix milliseconds: a third of the bytes of a serialized <see cref="DateTimeOffset"/>.
/// <see cref="AuthenticatedAtMs"/> is null until a re-authentication (the creation is the first proof).
/// <see cref="Client"/> names the client whose policy it follows; <see cref="ClaimsJson"/> holds the custom claims a
/// backend gave it (a compact JSON object), copied into its access tokens.
/// </summary>
/// <remarks>Ids 1, 2 and 10 held the times as <see cref="DateTimeOffset"/>; retired, never reuse them.</remarks>
[GenerateSerializer, Immutable, Alias("os.StoredSession")]
internal sealed record StoredSession(
    [property: Id(0)] string Id,
    [property: Id(11)] long CreatedAtMs,
    [property: Id(12)] long LastActivityMs,
    [property: Id(3)] bool RememberMe,
    [property: Id(4)] string? IpAddress,
    [property: Id(5)] string? UserAgent,
    [property: Id(6)] DeviceInfo? Device,
    [property: Id(7)] byte[] RefreshHash,
    [property: Id(8)] int Generation,
    [property: Id(9)] byte[]? PreviousRefreshHash,
    [property: Id(13)] long? RotatedAtMs,
    [property: Id(20)] long? AuthenticatedAtMs = null,
    [property: Id(30)] string? Client = null,
    [property: Id(31)] string? ClaimsJson = null,
    [property: Id(32)] bool NewDevice = false)
{
    /// <summary>The client whose policy the session follows (stored as null for the default client, the common case).</summary>
    public string ClientName => Client ?? SessionClients.Default;

    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs);

    public DateTimeOffset LastActivity => DateTimeOffset.FromUnixTimeMilliseconds(LastActivityMs);

    /// <summary>When the user last proved who they are for this session: its creation, or a later re-authentication.</summary>
    public DateTimeOffset AuthenticatedAt => DateTimeOffset.FromUnixTimeMilliseconds(AuthenticatedAtMs ?? CreatedAtMs);

    public DateTimeOffset? RotatedAt => RotatedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
