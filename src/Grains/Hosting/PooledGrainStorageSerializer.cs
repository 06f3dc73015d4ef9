using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// The Orleans binary format, byte for byte as <see cref="OrleansGrainStorageSerializer"/> writes it, written through
/// the serializer's pooled buffer into one array of the exact size. Orleans' own grows a fresh buffer from 256 bytes
/// on every write (about 1.8 KB of garbage for a user's 750 bytes of state).
/// </summary>
internal sealed class PooledGrainStorageSerializer(Serializer serializer) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? value) => new(serializer.SerializeToArray(value));

    public T? Deserialize<T>(BinaryData input) => serializer.Deserialize<T>(input.ToMemory());
}
