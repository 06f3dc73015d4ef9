using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// Grain storage of embedded mode (one process, one silo): each write serializes the state (the Orleans binary format,
/// as the Redis storage does) into this process's memory under a new ETag, and a write or clear with a stale ETag fails
/// like a store conflict.
/// <para>Not Orleans' memory storage: that one keeps the state in storage grains, so each operation is a grain call
/// and a copy of the bytes, and at shutdown those grains can be gone before the user grains that flush into them on
/// deactivation (each such flush logged an error). This store lives as long as the process.</para>
/// </summary>
public sealed class InProcessGrainStorage(Serializer serializer, IActivatorProvider activators) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly PooledGrainStorageSerializer _serializer = new(serializer);
    private long _lastETag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_entries.TryGetValue(Key(stateName, grainId), out var entry))
        {
            grainState.State = _serializer.Deserialize<T>(entry.Data);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var written = new Entry(_serializer.Serialize(grainState.State), NewETag());
        var stored = grainState.ETag is null
            ? _entries.TryAdd(key, written)
            : _entries.TryGetValue(key, out var current) && current.ETag == grainState.ETag && _entries.TryUpdate(key, written, current);
        if (!stored)
        {
            throw Conflict(key, grainState.ETag);
        }

        grainState.ETag = written.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        if (grainState.ETag is not null)
        {
            if (!_entries.TryGetValue(key, out var current) || current.ETag != grainState.ETag || !_entries.TryRemove(KeyValuePair.Create(key, current)))
            {
                throw Conflict(key, grainState.ETag);
            }
        }
        else if (_entries.ContainsKey(key))
        {
            throw Conflict(key, grainState.ETag);
        }

        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string NewETag() => Interlocked.Increment(ref _lastETag).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

    private static InconsistentStateException Conflict(string key, string? etag) =>
        new($"The stored state of {key} changed since it was read (ETag {etag ?? "none"}).");

    private sealed record Entry(BinaryData Data, string ETag);
}

public static class InProcessGrainStorageExtensions
{
    /// <summary>Registers <see cref="InProcessGrainStorage"/> as the grain storage called <paramref name="name"/>.</summary>
    public static IServiceCollection AddInProcessGrainStorage(this IServiceCollection services, string name) =>
        services.AddGrainStorage(name, (provider, _) => ActivatorUtilities.CreateInstance<InProcessGrainStorage>(provider));
}
