using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.UnitTests;

public class PooledGrainStorageSerializerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Writes_the_bytes_Orleans_own_storage_serializer_writes_and_reads_them_back()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var state = new UserSessionsState { Version = 7 };
        var book = new SessionBook(new SessionPolicy(), new UserSessionsState(), new TextPool());
        for (var i = 0; i < 3; i++)
        {
            book.Open(new NewSessionRequest(false, "10.0.0.1", "agent/1.0", new DeviceInfo("mobile", "iOS", "Safari", $"fp-{i}"), new UserIdentity("u@example.com", ["admin"])), T0.AddMinutes(i));
        }

        book.WriteTo(state);

        var pooled = new PooledGrainStorageSerializer(serializer);
        var written = pooled.Serialize(state);

        // The stored format is unchanged: what earlier versions wrote reads back, and the other way round.
        Assert.Equal(new OrleansGrainStorageSerializer(serializer).Serialize(state).ToArray(), written.ToArray());
        var read = pooled.Deserialize<UserSessionsState>(written)!;
        Assert.Equal(7, read.Version);
        Assert.Equal(state.Sessions.Select(s => s.Id), read.Sessions.Select(s => s.Id));
        Assert.Equal("fp-2", read.Sessions[2].Device!.DeviceFingerprint);
    }
}
