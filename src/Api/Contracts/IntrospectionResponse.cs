using System.Text.Json.Serialization;

namespace OrleansSessions.Api.Contracts;

/// <summary>RFC 7662 introspection: <c>{"active": false}</c> alone, or the token's facts while its session is active.</summary>
public sealed record IntrospectionResponse(
    bool Active,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sub = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sid = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Exp = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Iat = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Iss = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Aud = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jti = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType = null)
{
    public static readonly IntrospectionResponse Inactive = new(false);
}
