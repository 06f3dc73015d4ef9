namespace OrleansSessions.Abstractions.Sessions;

/// <summary>The result of opening a session: tokens, or a refusal because the per-user limit is reached.</summary>
[GenerateSerializer, Immutable, Alias("os.LoginOutcome")]
public sealed record LoginOutcome(
    [property: Id(0)] IssuedTokens? Tokens,
    [property: Id(1)] IReadOnlyList<string> EvictedSessionIds)
{
    public bool LimitReached => Tokens is null;
}
