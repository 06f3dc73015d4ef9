namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// A refresh token as its user's grain judges it, once the Api has checked its MAC: the session, the rotation the
/// token was issued for (the service's own word, vouched for by the MAC) and its secret.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.RefreshAttempt")]
public sealed record RefreshAttempt(
    [property: Id(0)] string SessionId,
    [property: Id(1)] int Generation,
    [property: Id(2)] string Secret)
{
    /// <summary>Never the secret: records print themselves where Orleans traces calls.</summary>
    public override string ToString() => $"RefreshAttempt {{ Generation = {Generation} }}";
}
