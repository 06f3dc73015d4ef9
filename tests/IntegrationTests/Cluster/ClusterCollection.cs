namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>Process-level cluster tests run alone: each starts Redis plus several .NET processes on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
