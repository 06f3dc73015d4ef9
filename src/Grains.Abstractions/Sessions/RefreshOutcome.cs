namespace OrleansSessions.Abstractions.Sessions;

[GenerateSerializer, Immutable, Alias("os.RefreshOutcome")]
public sealed record RefreshOutcome(
    [property: Id(0)] RefreshStatus Status,
    [property: Id(1)] IssuedTokens? Tokens);
