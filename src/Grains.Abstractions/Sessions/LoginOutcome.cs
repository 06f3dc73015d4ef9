namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// The result of opening a session: tokens, or a refusal because the per-user limit is reached, because the
/// password it was proven with has been changed since (<see cref="PasswordOutdated"/>), or because the opening is a
/// sign-in sent again whose session has ended since its first attempt opened it (<see cref="SessionEnded"/>: an end
/// is final, so the session is not opened again).
/// </summary>
[GenerateSerializer, Immutable, Alias("os.LoginOutcome")]
public sealed record LoginOutcome(
    [property: Id(0)] IssuedTokens? Tokens,
    [property: Id(1)] IReadOnlyList<string> EvictedSessionIds,
    [property: Id(2)] bool PasswordOutdated = false,
    [property: Id(3)] bool SessionEnded = false)
{
    public bool LimitReached => Tokens is null && !PasswordOutdated && !SessionEnded;
}
