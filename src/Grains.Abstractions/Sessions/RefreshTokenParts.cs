namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// A refresh token taken apart (<see cref="RefreshTokenFormat"/>): whom it routes to, the rotation it claims, its
/// secret, and the MAC said to cover <see cref="Payload"/>.
/// </summary>
public sealed record RefreshTokenParts(string UserId, string SessionId, int Generation, string Secret, string Payload, string Mac)
{
    /// <summary>The secret the grain judges, for the session and generation the MAC vouched for.</summary>
    public RefreshAttempt Attempt => new(SessionId, Generation, Secret);

    /// <summary>Never the secret or the MAC: records print themselves in logs and assertion messages.</summary>
    public override string ToString() => $"RefreshTokenParts {{ UserId = {UserId}, Generation = {Generation} }}";
}
