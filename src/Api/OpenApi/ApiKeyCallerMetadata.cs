namespace OrleansSessions.Api.OpenApi;

/// <summary>
/// Marks an endpoint called by other services with an API key: in <c>X-Api-Key</c>, and also as the password of
/// HTTP Basic when <see cref="Basic"/> (RFC 7662 client authentication).
/// </summary>
public sealed record ApiKeyCallerMetadata(bool Basic);
