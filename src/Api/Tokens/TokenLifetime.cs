using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>The access-token lifetime rule, shared by the full check and the verified-token cache.</summary>
public static class TokenLifetime
{
    /// <summary>Why a token is outside its lifetime at <paramref name="now"/>, allowing <paramref name="skew"/>; null when inside.</summary>
    public static SecurityTokenException? Problem(DateTime? notBefore, DateTime? expires, DateTime now, TimeSpan skew)
    {
        if (expires is null)
        {
            return new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (notBefore is { } nbf && nbf > now + skew)
        {
            return new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }

        return expires.Value < now - skew ? new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value } : null;
    }
}
