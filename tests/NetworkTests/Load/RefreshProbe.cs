using System.Net;

namespace OrleansSessions.NetworkTests.Load;

/// <summary>One refresh the workload sent with the refresh token of a session whose logout had returned.</summary>
public sealed record RefreshProbe(int Node, TimeSpan Started, HttpStatusCode Status);
