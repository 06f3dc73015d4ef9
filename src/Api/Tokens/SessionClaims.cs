using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>The claims an access token carries and how endpoints read them.</summary>
public static class SessionClaims
{
    public const string SessionId = "sid";
    public const string Roles = "roles";

    /// <summary>When the user last proved who they are for this session (Unix seconds).</summary>
    public const string AuthTime = "auth_time";

    /// <summary>The client whose policy the session follows.</summary>
    public const string Client = "client";

    /// <summary>How the user was authenticated (RFC 8176): <c>pwd</c>, or <c>ext</c> for a session a backend opened.</summary>
    public const string AuthMethods = "amr";

    /// <summary>
    /// The claim names a backend's custom claims may not use (API.md): the service sets them, and the Api reads them
    /// to know whom a token belongs to. In any case: a .NET <c>ClaimsIdentity</c> may match claim types ignoring case, so
    /// an <c>AMR</c> or <c>Roles</c> claim could pass for the service's own at a resource server.
    /// </summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "sub", "sid", "jti", "iat", "nbf", "exp", "iss", "aud", "auth_time", "amr", "roles", "client", "scope",
    };

    /// <summary>The user id as tokens and answers state it: a password user's id, or the id a backend gave its user.</summary>
    public static string UserId(this ClaimsPrincipal user) => Required(user, JwtRegisteredClaimNames.Sub);

    public static string SessionIdOf(this ClaimsPrincipal user) => Required(user, SessionId);

    public static string Email(this ClaimsPrincipal user) => Required(user, JwtRegisteredClaimNames.Email);

    /// <summary>True for a session a backend opened through the service API (its user has no account or password here).</summary>
    public static bool IsExternal(this ClaimsPrincipal user) =>
        string.Equals(user.FindFirst(AuthMethods)?.Value, ExternalUsers.AuthMethod, StringComparison.Ordinal);

    /// <summary>
    /// The token's <c>amr</c> value: <c>ext</c> for a user a backend signed in, <c>pwd</c> for a password user. The two
    /// kinds of user ids are separate spaces, so a <c>sub</c> alone does not say which user it is.
    /// </summary>
    public static string AuthMethodOf(this ClaimsPrincipal user) =>
        user.IsExternal() ? ExternalUsers.AuthMethod : ExternalUsers.PasswordAuthMethod;

    /// <summary>
    /// The key of the caller's sessions grain, roles and throttles: the user id, or for an external user the key of its
    /// own key space (<see cref="ExternalUsers"/>), so an external id never names a password user.
    /// </summary>
    public static string GrainKey(this ClaimsPrincipal user) =>
        GrainKeyOf(user.UserId(), user.IsExternal()) ?? throw new InvalidOperationException("The validated token names no user.");

    /// <summary>The grain key for a token's <c>sub</c>; null when it cannot be one (the token is then refused).</summary>
    public static string? GrainKeyOf(string? subject, bool external) =>
        external
            ? ExternalUsers.IsValidId(subject) ? ExternalUsers.GrainKey(subject!) : null
            : RefreshTokenFormat.IsUrlSafe(subject) && !ExternalUsers.IsExternalKey(subject) ? subject! : null;

    /// <summary>The session's client (<c>default</c> for tokens issued before clients existed).</summary>
    public static string ClientOf(this ClaimsPrincipal user) => user.FindFirst(Client)?.Value ?? SessionClients.Default;

    private static string Required(ClaimsPrincipal user, string type) =>
        user.FindFirstValue(type) ?? throw new InvalidOperationException($"The validated token has no '{type}' claim.");
}
