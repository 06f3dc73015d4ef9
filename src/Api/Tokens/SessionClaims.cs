using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>The claims an access token carries and how endpoints read them.</summary>
public static class SessionClaims
{
    public const string SessionId = "sid";
    public const string Roles = "roles";

    /// <summary>When the user last proved who they are for this session (Unix seconds).</summary>
    public const string AuthTime = "auth_time";

    public static string UserId(this ClaimsPrincipal user) => Required(user, JwtRegisteredClaimNames.Sub);

    public static string SessionIdOf(this ClaimsPrincipal user) => Required(user, SessionId);

    public static string Email(this ClaimsPrincipal user) => Required(user, JwtRegisteredClaimNames.Email);

    private static string Required(ClaimsPrincipal user, string type) =>
        user.FindFirstValue(type) ?? throw new InvalidOperationException($"The validated token has no '{type}' claim.");
}
