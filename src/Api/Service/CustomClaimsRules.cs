using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Service;

/// <summary>
/// The rules for a backend's custom claims: a JSON object (values of any JSON type) of at most
/// <see cref="MaxBytes"/> bytes as compact UTF-8 JSON, no key twice, no key the service sets itself
/// (<see cref="SessionClaims.Reserved"/>). Accepted claims are kept as that compact text; an empty object is none.
/// </summary>
public static class CustomClaimsRules
{
    public const int MaxBytes = 2048;

    private static readonly JsonWriterOptions Compact = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // UTF-8 as it is: the limit counts characters' bytes, not \u escapes
    };

    /// <summary>
    /// The claims as stored (compact JSON text, null for none or an empty object), or why they are refused. Absent
    /// claims (<paramref name="claims"/> null) are none.
    /// </summary>
    public static (string? Json, string? Problem) Check(JsonElement? claims)
    {
        if (claims is not { } value)
        {
            return (null, null);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return (null, "claims must be a JSON object.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in value.EnumerateObject())
        {
            if (SessionClaims.Reserved.Contains(claim.Name))
            {
                return (null, $"claims may not use the reserved key '{claim.Name}' ({string.Join(' ', SessionClaims.Reserved)}).");
            }

            if (!names.Add(claim.Name))
            {
                return (null, $"claims has the key '{claim.Name}' more than once.");
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            value.WriteTo(writer);
        }

        if (buffer.WrittenCount > MaxBytes)
        {
            return (null, $"claims must be at most {MaxBytes} bytes as compact UTF-8 JSON (got {buffer.WrittenCount}).");
        }

        return (names.Count == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), null);
    }
}
