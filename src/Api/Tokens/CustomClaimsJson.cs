using System.Text.Json;

namespace OrleansSessions.Api.Tokens;

/// <summary>Custom claims as stored (compact JSON text, null for none) turned back into the JSON object answers carry.</summary>
public static class CustomClaimsJson
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    public static JsonElement Parse(string? stored)
    {
        if (stored is null)
        {
            return Empty;
        }

        using var document = JsonDocument.Parse(stored);
        return document.RootElement.Clone();
    }
}
