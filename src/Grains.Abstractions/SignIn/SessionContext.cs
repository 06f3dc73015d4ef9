using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Abstractions.SignIn;

/// <summary>Where a new session is opened from: the client's address (also the throttling key), agent and device.</summary>
[GenerateSerializer, Immutable, Alias("os.SessionContext")]
public sealed record SessionContext(
    [property: Id(0)] bool RememberMe,
    [property: Id(1)] string ClientAddress,
    [property: Id(2)] string? UserAgent,
    [property: Id(3)] DeviceInfo? Device,
    [property: Id(30)] string Client = SessionClients.Default,
    [property: Id(40)] SessionOpening? Opening = null)
{
    /// <summary>The user grain's request for this context, for the user who has just proven their password at <paramref name="passwordVersion"/>.</summary>
    public NewSessionRequest For(UserIdentity identity, int passwordVersion) =>
        new(RememberMe, ClientAddress, UserAgent, Device, identity, passwordVersion, Client, Opening: Opening);
}
