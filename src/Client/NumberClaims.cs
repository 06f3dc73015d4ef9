using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Client;

/// <summary>
/// Puts the token's numbers on the principal as they were written. IdentityModel reads every JSON number that does not
/// fit a long as a double: <c>123456789012345678901234567890</c> becomes <c>1.2345678901234568E+29</c> and <c>1e400</c>
/// <c>Infinity</c> (not JSON at all). A backend's custom claims may hold such numbers, and the app reads them back
/// through <see cref="SessionPrincipal.CustomClaimAs{T}"/>.
/// </summary>
internal static class NumberClaims
{
    public static void KeepAsWritten(ClaimsPrincipal principal, SecurityToken token)
    {
        // Only a number IdentityModel read as a double can have lost anything: most tokens have none, and cost no parse.
        if (token is not JsonWebToken jwt || principal.Identity is not ClaimsIdentity identity
            || !identity.Claims.Any(claim => claim.ValueType == ClaimValueTypes.Double))
        {
            return;
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        foreach (var property in payload.RootElement.EnumerateObject())
        {
            var written = property.Value.ValueKind switch
            {
                JsonValueKind.Number => [property.Value.GetRawText()],
                JsonValueKind.Array => property.Value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Number ? item.GetRawText() : null).ToList(),
                _ => [],
            };
            if (written.All(text => text is null))
            {
                continue;
            }

            // IdentityModel gives one claim per value (an array: one per item, in order); only numbers are replaced.
            var claims = identity.FindAll(property.Name).ToList();
            if (claims.Count != written.Count)
            {
                continue;
            }

            if (claims.Select((claim, i) => written[i] is null || claim.Value == written[i]).All(same => same))
            {
                continue;
            }

            // Taken out and put back in their order: an array's items stay in the order they were written.
            claims.ForEach(identity.RemoveClaim);
            identity.AddClaims(claims.Select((claim, i) => written[i] is { } text
                ? new Claim(claim.Type, text, claim.ValueType, claim.Issuer, claim.OriginalIssuer, identity)
                : claim));
        }
    }
}
