namespace OrleansSessions.Api.Hosting;

/// <summary>How this Api process reaches the cluster: an in-process silo (embedded) or a client of Redis-clustered silos.</summary>
public sealed record HostingMode(bool Embedded);
