using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.Throttling;

namespace OrleansSessions.Abstractions.SignIn;

/// <summary>
/// The outcome of a sign-in: the opened session's tokens, or why there are none. <see cref="Throttle"/> carries
/// the figures for the rate-limit headers when throttling had a say (a refusal or a counted failure).
/// </summary>
[GenerateSerializer, Immutable, Alias("os.SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] SignInStatus Status,
    [property: Id(1)] string? UserId,
    [property: Id(2)] IssuedTokens? Tokens,
    [property: Id(3)] ThrottleDecision? Throttle)
{
    public static SignInResult Throttled(ThrottleDecision decision) => new(SignInStatus.Throttled, null, null, decision);

    public static SignInResult WrongCredentials(ThrottleDecision decision) => new(SignInStatus.InvalidCredentials, null, null, decision);
}
