namespace OrleansSessions.Grains.Domain;

/// <summary>
/// A device a user signed in from: the SHA-256 of its fingerprint (the fingerprint itself is not kept), else its
/// browser and OS, and when a session was last opened on it (Unix milliseconds).
/// </summary>
[GenerateSerializer, Immutable, Alias("os.KnownDevice")]
internal sealed record KnownDevice(
    [property: Id(0)] string? FingerprintHash,
    [property: Id(1)] string? BrowserAndOs,
    [property: Id(2)] long LastSeenMs);
