using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansSessions.Api.Contracts;

/// <summary>
/// Who is calling, from the access token: the user (no email for a user a backend signed in), the session, its client,
/// when the user last proved who they are, and the session's custom claims as of the token.
/// </summary>
public sealed record MeResponse(
    string UserId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    string SessionId,
    string Client,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? AuthTime,
    [property: JsonConverter(typeof(VerbatimJsonConverter))] JsonElement Claims);
