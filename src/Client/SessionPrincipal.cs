using System.Globalization;
using System.Security.Claims;
using System.Text.Json;

namespace OrleansSessions.Client;

/// <summary>
/// What an OrleansSessions access token says, read from the <see cref="ClaimsPrincipal"/> that
/// <c>AddOrleansSessionsBearer</c> builds (claims keep their token names: <c>sub</c>, <c>sid</c>, ...): the user and
/// session, the session's client, when the user last proved who they are, and the custom claims a backend gave it.
/// </summary>
public static class SessionPrincipal
{
    private static readonly HashSet<string> ServiceClaims = new(StringComparer.Ordinal)
    {
        "sub", "sid", "jti", "iat", "nbf", "exp", "iss", "aud", "auth_time", "amr", "roles", "client", "scope", "email",
    };

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirst("sub")?.Value;

    /// <summary>
    /// How the user signed in (<c>amr</c>: <see cref="SessionAuthMethods"/>); which id space <see cref="UserId"/> is in. A
    /// token without <c>amr</c> (issued before the service API) is a password user's, as the service reads it.
    /// </summary>
    public static IReadOnlyList<string> AuthMethods(this ClaimsPrincipal user) =>
        user.FindAll("amr").Select(c => c.Value).ToList() is { Count: > 0 } methods ? methods : [SessionAuthMethods.Password];

    /// <summary>Whether the user is a backend's user (<see cref="SessionAuthMethods.Backend"/>), not one registered with the service.</summary>
    public static bool IsBackendUser(this ClaimsPrincipal user) => user.HasClaim("amr", SessionAuthMethods.Backend);

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirst("sid")?.Value;

    /// <summary>The client whose policy the session follows (<c>default</c> unless another was named).</summary>
    public static string? SessionClient(this ClaimsPrincipal user) => user.FindFirst("client")?.Value;

    /// <summary>When the user last proved who they are for this session (a login, a re-authentication, or a backend opening it).</summary>
    public static DateTimeOffset? AuthTime(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst("auth_time")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The value of the custom claim <paramref name="name"/> (a JSON object or array as its JSON text); null when absent.</summary>
    public static string? CustomClaim(this ClaimsPrincipal user, string name) =>
        ServiceClaims.Contains(name) ? null : user.FindFirst(name)?.Value;

    /// <summary>
    /// The custom claims as the principal holds them: name → values (a token array gives several values; an object
    /// its JSON text). Everything but the service's own claims (and a password user's email).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> CustomClaims(this ClaimsPrincipal user) =>
        user.Claims
            .Where(c => !ServiceClaims.Contains(c.Type))
            .GroupBy(c => c.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => c.Value).ToList(), StringComparer.Ordinal);

    /// <summary>The custom claim <paramref name="name"/> read as <typeparamref name="T"/> from its JSON text (objects, numbers).</summary>
    public static T? CustomClaimAs<T>(this ClaimsPrincipal user, string name) => user.CustomClaim(name) switch
    {
        null => default,
        var text when typeof(T) == typeof(string) => (T)(object)text,
        var json => JsonSerializer.Deserialize<T>(json, SessionsClient.Json),
    };
}
