using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.Grains.SignIn;

/// <summary>
/// What checking a password found: the account it proved, or the throttle's refusal (nothing was checked), or a
/// wrong password (counted; <see cref="Throttle"/> has the figures for the answer's rate-limit headers).
/// </summary>
internal readonly record struct PasswordProof(AccountCredentials? Account, bool Refused, ThrottleDecision? Throttle)
{
    public static PasswordProof Proven(AccountCredentials account) => new(account, Refused: false, Throttle: null);

    public static PasswordProof RefusedBy(ThrottleDecision decision) => new(null, Refused: true, decision);

    public static PasswordProof Wrong(ThrottleDecision decision) => new(null, Refused: false, decision);

    /// <summary>The sign-in answer for a proof that proved nothing.</summary>
    public SignInResult Failure() =>
        Refused ? SignInResult.Throttled(Throttle!) : SignInResult.WrongCredentials(Throttle!);
}
