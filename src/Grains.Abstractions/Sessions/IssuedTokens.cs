namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// The outcome of a login or a refresh: the session, the plaintext refresh secret of this rotation (the grain keeps
/// only its hash; the Api makes it a refresh token by adding the user, session, generation and a MAC) and the facts
/// the access token is minted from. <see cref="Generation"/> and <see cref="IssuedAt"/> make both tokens of one
/// rotation reproducible, so a duplicate refresh inside the grace window gets the same pair.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.IssuedTokens")]
public sealed record IssuedTokens(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string RefreshSecret,
    [property: Id(2)] DateTimeOffset IssuedAt,
    [property: Id(3)] DateTimeOffset SessionExpiresAt,
    [property: Id(4)] int Generation,
    [property: Id(5)] UserIdentity Identity,
    [property: Id(6)] bool RememberMe,
    [property: Id(10)] DateTimeOffset AuthTime,
    [property: Id(30)] string Client = SessionClients.Default,
    [property: Id(31)] string? ClaimsJson = null)
{
    /// <summary>Never the refresh secret: records print themselves where Orleans traces calls and their answers.</summary>
    public override string ToString() => $"IssuedTokens {{ Generation = {Generation}, IssuedAt = {IssuedAt:O} }}";
}
