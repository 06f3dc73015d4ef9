using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// An access token whose signature, issuer, audience and algorithm were verified, with what every request needs from it
/// read once: the principal (shared by every request presenting this token, so its identity refuses changes, see
/// <see cref="SharedClaimsIdentity"/>), and the user and session it names.
/// </summary>
public sealed class VerifiedToken
{
    public VerifiedToken(JsonWebToken token, ClaimsIdentity identity, DateTime rememberUntil)
    {
        Token = token;
        Principal = new ClaimsPrincipal(new SharedClaimsIdentity(identity, token));
        UserId = token.Subject;
        UserKey = SessionClaims.GrainKeyOf(UserId, Principal.IsExternal());
        SessionId = token.TryGetPayloadValue<string>(SessionClaims.SessionId, out var sid) ? sid : null;
        NamesASession = UserKey is not null && RefreshTokenFormat.IsUrlSafe(SessionId);
        RememberUntil = rememberUntil;
    }

    public JsonWebToken Token { get; }

    public ClaimsPrincipal Principal { get; }

    public string? UserId { get; }

    /// <summary>The key of the user's sessions grain (<see cref="SessionClaims.GrainKeyOf"/>); null when the token names none.</summary>
    public string? UserKey { get; }

    public string? SessionId { get; }

    /// <summary>Whether <see cref="UserKey"/> and <see cref="SessionId"/> are there and could be ids this service issued.</summary>
    public bool NamesASession { get; }

    /// <summary>When a cache may forget it: the end of its lifetime plus the clock skew.</summary>
    public DateTime RememberUntil { get; }
}
