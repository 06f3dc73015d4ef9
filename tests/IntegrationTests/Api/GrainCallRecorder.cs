using System.Collections.Concurrent;
using OrleansSessions.Abstractions.Revocation;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// Records the calls to this service's grains that the Api itself makes (calls made outside any grain), leaving out
/// what runs on its own timers: the session cache's lease renewals and the embedded dashboard's sampling.
/// </summary>
public sealed class GrainCallRecorder : IOutgoingGrainCallFilter
{
    private readonly ConcurrentQueue<string> _calls = new();

    private volatile bool _recording;

    public void Start()
    {
        _calls.Clear();
        _recording = true;
    }

    public void Stop() => _recording = false;

    public IReadOnlyList<string> Calls => [.. _calls];

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        var grainInterface = context.InterfaceMethod.DeclaringType;
        if (_recording && context.SourceContext is null && grainInterface != typeof(IApiNodeRegistryGrain)
            && grainInterface?.Namespace?.StartsWith("OrleansSessions.", StringComparison.Ordinal) == true)
        {
            _calls.Enqueue($"{grainInterface?.Name}.{context.InterfaceMethod.Name}");
        }

        return context.Invoke();
    }
}
