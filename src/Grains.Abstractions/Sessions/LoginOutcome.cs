namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// The result of opening a session: tokens, or a refusal because the per-user limit is reached or because the
/// password it was proven with has been changed since (<see cref="PasswordOutdated"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("os.LoginOutcome")]
public sealed record LoginOutcome(
    [property: Id(0)] IssuedTokens? Tokens,
    [property: Id(1)] IReadOnlyList<string> EvictedSessionIds,
    [property: Id(2)] bool PasswordOutdated = false)
{
    public bool LimitReached => Tokens is null && !PasswordOutdated;
}
