using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansSessions.Api.Contracts;

/// <summary>
/// Writes a JSON value that was parsed before (so it is valid JSON) as its own bytes, instead of re-encoding it token
/// by token: the custom claims in answers. For the ~300 bytes of a typical claims object that is half the cost of
/// writing the whole <c>/auth/me</c> answer (docs/benchmarks.md). The escaping is the one the claims were stored with.
/// </summary>
public sealed class VerbatimJsonConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
}
