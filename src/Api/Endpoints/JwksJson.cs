using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansSessions.Api.Endpoints;

/// <summary>JWKS members are written as RFC 7517 names them, leaving out the ones a key type does not have.</summary>
internal static class JwksJson
{
    public static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
