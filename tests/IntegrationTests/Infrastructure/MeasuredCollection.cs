namespace OrleansSessions.IntegrationTests.Infrastructure;

/// <summary>Tests that measure the test process's own memory run alone, so no other test's allocations count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredCollection
{
    public const string Name = "measured";
}
