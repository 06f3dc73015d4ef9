using System.Text.Json.Serialization;

namespace OrleansSessions.Api.Contracts;

/// <summary>The user of a session; a user a backend signed in through the service API has no email here.</summary>
public sealed record UserDto(string UserId, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email);
