namespace OrleansSessions.Client;

/// <summary>A session the service API opened: its tokens for the user's client, and their lifetimes in seconds.</summary>
public sealed record ServiceSession(
    string UserId,
    string SessionId,
    string AccessToken,
    string RefreshToken,
    long ExpiresIn,
    long RefreshExpiresIn)
{
    /// <summary>Never the tokens: records print themselves in logs.</summary>
    public override string ToString() => $"ServiceSession {{ UserId = {UserId}, SessionId = {SessionId} }}";
}
