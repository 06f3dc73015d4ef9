namespace OrleansSessions.Api.Contracts;

/// <summary>Where the operator page sends operators; null when not configured.</summary>
public sealed record OperatorLinksResponse(string? DashboardUrl);
