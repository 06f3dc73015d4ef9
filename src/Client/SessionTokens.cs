namespace OrleansSessions.Client;

/// <summary>The tokens of one signed-in session, as the Api returned them.</summary>
public sealed record SessionTokens(string AccessToken, string RefreshToken, string SessionId, DateTimeOffset AccessTokenExpiresAt)
{
    /// <summary>Never the tokens: records print themselves in logs.</summary>
    public override string ToString() => $"SessionTokens {{ SessionId = {SessionId}, AccessTokenExpiresAt = {AccessTokenExpiresAt:O} }}";
}
