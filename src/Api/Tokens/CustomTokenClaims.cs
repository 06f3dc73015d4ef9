using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// The custom claims a backend gave a session, read back from one of its access tokens exactly as they were written
/// (JSON values of any type: a claims identity flattens arrays and objects, the token's payload does not): every
/// top-level claim except the service's own.
/// </summary>
public static class CustomTokenClaims
{
    /// <summary>The custom claims of <paramref name="token"/> as a JSON object (empty when it has none).</summary>
    public static JsonElement Of(JsonWebToken token)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        var external = payload.RootElement.TryGetProperty(SessionClaims.AuthMethods, out var amr)
            && amr.ValueKind == JsonValueKind.Array
            && amr.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.ValueEquals(ExternalUsers.AuthMethod));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var any = false;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var claim in payload.RootElement.EnumerateObject())
            {
                // A password user's email is the service's own claim; an external user has none, so a backend may give one.
                if (SessionClaims.Reserved.Contains(claim.Name) || (!external && claim.NameEquals(JwtRegisteredClaimNames.Email)))
                {
                    continue;
                }

                claim.WriteTo(writer);
                any = true;
            }

            writer.WriteEndObject();
        }

        return CustomClaimsJson.Parse(any ? System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) : null);
    }
}
