using System.Globalization;
using System.Security.Claims;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Roles;

/// <summary>Whether the caller proved who they are recently enough (the token's <c>auth_time</c>) for a sensitive call.</summary>
public static class FreshAuthentication
{
    public static bool IsFresh(ClaimsPrincipal user, DateTimeOffset now, TimeSpan window) =>
        long.TryParse(user.FindFirst(SessionClaims.AuthTime)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && now - DateTimeOffset.FromUnixTimeSeconds(seconds) <= window;
}
