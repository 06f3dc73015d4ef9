namespace OrleansSessions.Api.Contracts;

/// <summary>
/// The introspection request, as JSON or as RFC 7662's form (<c>token=...&amp;token_type_hint=...</c>). The hint is
/// accepted and not needed: only access tokens are introspected, anything else is inactive.
/// </summary>
public sealed record IntrospectionRequest(string? Token, string? TokenTypeHint = null);
