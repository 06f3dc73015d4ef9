using System.Text.Json;

namespace OrleansSessions.Api.Contracts;

/// <summary>The custom claims that replace a session's (<c>PATCH /service/users/{user_id}/sessions/{session_id}</c>).</summary>
public sealed record ServiceClaimsRequest(JsonElement? Claims);
