using OrleansSessions.Abstractions.Throttling;

namespace OrleansSessions.Abstractions.SignIn;

/// <summary>Whether the password was changed; <see cref="Throttle"/> as in <see cref="SignInResult"/>.</summary>
[GenerateSerializer, Immutable, Alias("os.PasswordChangeResult")]
public sealed record PasswordChangeResult(
    [property: Id(0)] SignInStatus Status,
    [property: Id(1)] ThrottleDecision? Throttle);
