namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// Everything the grain needs to open a session for a user who has just proven who they are; with a password, the
/// version of the password proven (<see cref="PasswordVersion"/>), which must not be older than the last change's;
/// the client whose policy the session follows, and the custom claims (compact JSON object, validated) it carries.
/// <see cref="Opening"/>, when the caller chose it, makes the request safe to send again: an <c>Open</c> whose session
/// is already held answers that session's tokens instead of opening a second one.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.NewSessionRequest")]
public sealed record NewSessionRequest(
    [property: Id(0)] bool RememberMe,
    [property: Id(1)] string? IpAddress,
    [property: Id(2)] string? UserAgent,
    [property: Id(3)] DeviceInfo? Device,
    [property: Id(4)] UserIdentity Identity,
    [property: Id(5)] int? PasswordVersion = null,
    [property: Id(30)] string Client = SessionClients.Default,
    [property: Id(31)] string? ClaimsJson = null,
    [property: Id(40)] SessionOpening? Opening = null);
