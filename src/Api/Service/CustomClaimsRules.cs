using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Service;

/// <summary>
/// The rules for a backend's custom claims: a JSON object (values of any JSON type) of at most
/// <see cref="MaxBytes"/> bytes as compact UTF-8 JSON, no key twice, no key the service sets itself
/// (<see cref="SessionClaims.Reserved"/>), and text that is Unicode (JSON lets <c>"\ud800"</c> escape half a
/// character, which no token or answer could carry). Accepted claims are kept as that compact text; an empty object
/// is none.
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

        if (!IsUnicode(value))
        {
            return (null, "claims must be Unicode text: valid UTF-8, and an escaped surrogate such as \\ud800 only as half of a pair.");
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

        var size = CompactUtf8Length(buffer.WrittenSpan);
        if (size > MaxBytes)
        {
            return (null, $"claims must be at most {MaxBytes} bytes as compact UTF-8 JSON (got {size}).");
        }

        return (names.Count == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), null);
    }

    /// <summary>Whether every key and string in <paramref name="value"/> unescapes to well-formed UTF-16.</summary>
    private static bool IsUnicode(JsonElement value)
    {
        try
        {
            Walk(value);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // what System.Text.Json throws for text with a lone surrogate
        }

        static void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        Walk(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
            }
        }
    }

    /// <summary>
    /// The length of <paramref name="json"/> (written by <see cref="Utf8JsonWriter"/>) with every character it escaped
    /// but JSON does not require escaped counted as its UTF-8 bytes. Even the relaxed encoder escapes characters
    /// outside the Basic Multilingual Plane (an emoji is <c>\ud83d\ude00</c>, 12 bytes for 4) and a few others.
    /// </summary>
    private static int CompactUtf8Length(ReadOnlySpan<byte> json)
    {
        var length = json.Length;
        for (var i = 0; i < json.Length - 1; i++)
        {
            if (json[i] != '\\')
            {
                continue;
            }

            if (json[i + 1] != 'u')
            {
                i++; // a two-character escape (\", \\, \n...): required, and counted as written
                continue;
            }

            var code = Convert.ToInt32(System.Text.Encoding.ASCII.GetString(json.Slice(i + 2, 4)), 16);
            if (char.IsHighSurrogate((char)code))
            {
                length -= 12 - 4; // the pair that follows is one character of four UTF-8 bytes
                i += 11;
            }
            else
            {
                length -= code < 0x20 ? 0 : 6 - (code < 0x80 ? 1 : code < 0x800 ? 2 : 3);
                i += 5;
            }
        }

        return length;
    }
}
