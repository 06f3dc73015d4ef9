using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Signs arbitrary tokens, as an attacker or a previous key would.</summary>
public static class TestTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Sign(
        SecurityKey key, string algorithm, IDictionary<string, object> claims, DateTime issuedAt,
        string issuer = "orleans-sessions", string audience = "orleans-sessions") =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.AddMinutes(15),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });

    /// <summary>The claims of a real token, with a fresh <c>jti</c>, to be signed again by another key.</summary>
    public static Dictionary<string, object> ClaimsOf(string token)
    {
        var payload = ApiClient.DecodeJwtPart(token, 1);
        return new Dictionary<string, object>
        {
            ["sub"] = payload.GetProperty("sub").GetString()!,
            ["sid"] = payload.GetProperty("sid").GetString()!,
            ["email"] = payload.GetProperty("email").GetString()!,
            ["jti"] = Guid.NewGuid().ToString(),
        };
    }
}
