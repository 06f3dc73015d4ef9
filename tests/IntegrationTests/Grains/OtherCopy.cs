using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>What another copy of a user's grain does behind this one's back, through the silo's own storage.</summary>
internal static class OtherCopy
{
    /// <summary>Reads the user's stored state and adds a session like <paramref name="likeSessionId"/> under a new id: the other copy's sign-in.</summary>
    public static async Task<string> OpenSessionAsync(IServiceProvider silo, string userId, string likeSessionId)
    {
        var (storage, grainId, stored) = await ReadAsync(silo, userId);
        var like = Assert.Single(stored.State!.Sessions, s => s.Id == likeSessionId);
        var opened = like with { Id = Guid.NewGuid().ToString("N") };
        stored.State.Sessions = [.. stored.State.Sessions, opened];
        await storage.WriteStateAsync("sessions", grainId, stored);
        return opened.Id;
    }

    /// <summary>Stores what <paramref name="fromUserId"/>'s record holds as <paramref name="toUserId"/>'s (absent there): another copy's sign-in on an empty user.</summary>
    public static async Task CopyStateAsync(IServiceProvider silo, string fromUserId, string toUserId)
    {
        var (storage, _, from) = await ReadAsync(silo, fromUserId);
        var (_, grainId, to) = await ReadAsync(silo, toUserId);
        to.State = from.State;
        await storage.WriteStateAsync("sessions", grainId, to);
    }

    /// <summary>The ids of the sessions the store holds for the user.</summary>
    public static async Task<IReadOnlyList<string>> StoredSessionIdsAsync(IServiceProvider silo, string userId)
    {
        var (_, _, stored) = await ReadAsync(silo, userId);
        return stored.RecordExists ? stored.State!.Sessions.Select(s => s.Id).ToList() : [];
    }

    private static async Task<(IGrainStorage Storage, GrainId GrainId, GrainState<UserSessionsState> Stored)> ReadAsync(IServiceProvider silo, string userId)
    {
        var storage = silo.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Sessions);
        var grainId = GrainId.Create("user-sessions", userId);
        var stored = new GrainState<UserSessionsState>(new UserSessionsState());
        await storage.ReadStateAsync("sessions", grainId, stored);
        return (storage, grainId, stored);
    }

    /// <summary>Reads the user's stored state, ends <paramref name="sessionId"/> in it, writes it back.</summary>
    public static async Task EndSessionAsync(IServiceProvider silo, string userId, string sessionId)
    {
        var (storage, grainId, stored) = await ReadAsync(silo, userId);
        var state = stored.State!;
        Assert.Contains(state.Sessions, s => s.Id == sessionId);
        state.Sessions = state.Sessions.Where(s => s.Id != sessionId).ToList();
        await storage.WriteStateAsync("sessions", grainId, stored);
    }
}
