using OrleansSessions.Abstractions.Throttling;

namespace OrleansSessions.Abstractions.SignIn;

/// <summary>
/// The new account's user id, or null when the email is already taken or throttling refused the registration
/// (<see cref="Throttled"/>). <see cref="Throttle"/> carries the figures for the rate-limit headers.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.RegistrationResult")]
public sealed record RegistrationResult(
    [property: Id(0)] string? UserId,
    [property: Id(1)] ThrottleDecision? Throttle = null)
{
    public bool Throttled => Throttle is { Allowed: false };
}
