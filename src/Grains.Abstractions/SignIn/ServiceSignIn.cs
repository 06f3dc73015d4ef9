using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Abstractions.SignIn;

/// <summary>
/// A backend holding a service key vouches for <see cref="ExternalUserId"/> (already validated): the session opens
/// for that external user with the client and custom claims (compact JSON object, validated) given.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.ServiceSignIn")]
public sealed record ServiceSignIn(
    [property: Id(0)] string ExternalUserId,
    [property: Id(1)] SessionContext Session,
    [property: Id(2)] string? ClaimsJson)
{
    /// <summary>The user grain's request: an external identity, no password version, <c>auth_time</c> = opening time.</summary>
    public NewSessionRequest ToRequest() =>
        new(Session.RememberMe, Session.ClientAddress is { Length: > 0 } address ? address : null, Session.UserAgent, Session.Device,
            UserIdentity.External(ExternalUserId), PasswordVersion: null, Session.Client, ClaimsJson, Session.Opening);

    /// <summary>Never the claims (they may hold personal data): records print themselves where Orleans traces calls.</summary>
    public override string ToString() => $"ServiceSignIn {{ ExternalUserId = {ExternalUserId}, Client = {Session.Client} }}";
}
