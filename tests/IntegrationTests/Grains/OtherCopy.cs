using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>What another copy of a grain does behind this one's back, through the silo's own storage.</summary>
internal static class OtherCopy
{
    /// <summary>
    /// Reads a grain's stored state, changes it, writes it back (with the ETag it read), stamped with a newer version
    /// than the one it read, as every copy's write is.
    /// </summary>
    public static async Task ChangeStoredAsync<T>(IGrainStorage storage, string stateName, GrainId grainId, Action<T> change)
        where T : IVersionedState, new()
    {
        var stored = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, stored);
        change(stored.State!);
        stored.State!.Version++;
        await storage.WriteStateAsync(stateName, grainId, stored);
    }

    /// <summary>Stores <paramref name="earlier"/> as a grain's record, over whatever is there: Redis losing the writes made since.</summary>
    public static async Task PutBackAsync<T>(IGrainStorage storage, string stateName, GrainId grainId, T earlier)
        where T : new()
    {
        var stored = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, stored);
        stored.State = earlier;
        await storage.WriteStateAsync(stateName, grainId, stored);
    }

    /// <summary>Deletes a grain's record: Redis losing the write that created it.</summary>
    public static async Task DeleteStoredAsync<T>(IGrainStorage storage, string stateName, GrainId grainId)
        where T : new()
    {
        var stored = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, stored);
        await storage.ClearStateAsync(stateName, grainId, stored);
    }

    /// <summary>What the store holds for a grain now.</summary>
    public static async Task<T> StoredAsync<T>(IGrainStorage storage, string stateName, GrainId grainId)
        where T : new()
    {
        var stored = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, stored);
        return stored.State!;
    }

    /// <summary>Adds to the user's stored state a session like <paramref name="likeSessionId"/> under a new id: the other copy's sign-in.</summary>
    public static async Task<string> OpenSessionAsync(IServiceProvider silo, string userId, string likeSessionId)
    {
        var openedId = Guid.NewGuid().ToString("N");
        await ChangeSessionsAsync(silo, userId, state =>
        {
            var like = Assert.Single(state.Sessions, s => s.Id == likeSessionId);
            state.Sessions = [.. state.Sessions, like with { Id = openedId }];
        });
        return openedId;
    }

    /// <summary>Ends <paramref name="sessionId"/> in the user's stored state: the other copy's revoke.</summary>
    public static Task EndSessionAsync(IServiceProvider silo, string userId, string sessionId) =>
        ChangeSessionsAsync(silo, userId, state =>
        {
            Assert.Contains(state.Sessions, s => s.Id == sessionId);
            state.Sessions = state.Sessions.Where(s => s.Id != sessionId).ToList();
        });

    /// <summary>Stores what <paramref name="fromUserId"/>'s record holds as <paramref name="toUserId"/>'s (absent there): another copy's sign-in on an empty user.</summary>
    public static async Task CopyStateAsync(IServiceProvider silo, string fromUserId, string toUserId) =>
        await PutBackAsync(silo, toUserId, await StoredStateAsync(silo, fromUserId));

    /// <summary>What the store holds for the user now (a state without a record when there is none).</summary>
    public static Task<UserSessionsState> StoredStateAsync(IServiceProvider silo, string userId) =>
        StoredAsync<UserSessionsState>(SessionStorage(silo), "sessions", UserGrain(userId));

    /// <summary>
    /// Stores <paramref name="earlier"/> as the user's record, over whatever is there: Redis losing the writes made since
    /// (a crash with <c>appendfsync everysec</c>, a failover to a replica they had not reached).
    /// </summary>
    public static Task PutBackAsync(IServiceProvider silo, string userId, UserSessionsState earlier) =>
        PutBackAsync(SessionStorage(silo), "sessions", UserGrain(userId), earlier);

    /// <summary>Whether the store holds a record for the user.</summary>
    public static async Task<bool> RecordExistsAsync(IServiceProvider silo, string userId) => (await ReadAsync(silo, userId)).Stored.RecordExists;

    /// <summary>The ids of the sessions the store holds for the user.</summary>
    public static async Task<IReadOnlyList<string>> StoredSessionIdsAsync(IServiceProvider silo, string userId)
    {
        var (_, _, stored) = await ReadAsync(silo, userId);
        return stored.RecordExists ? stored.State!.Sessions.Select(s => s.Id).ToList() : [];
    }

    private static Task ChangeSessionsAsync(IServiceProvider silo, string userId, Action<UserSessionsState> change) =>
        ChangeStoredAsync(SessionStorage(silo), "sessions", UserGrain(userId), change);

    private static async Task<(IGrainStorage Storage, GrainId GrainId, GrainState<UserSessionsState> Stored)> ReadAsync(IServiceProvider silo, string userId)
    {
        var (storage, grainId) = (SessionStorage(silo), UserGrain(userId));
        var stored = new GrainState<UserSessionsState>(new UserSessionsState());
        await storage.ReadStateAsync("sessions", grainId, stored);
        return (storage, grainId, stored);
    }

    private static IGrainStorage SessionStorage(IServiceProvider silo) => silo.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Sessions);

    private static GrainId UserGrain(string userId) => GrainId.Create("user-sessions", userId);
}
