using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSessions.Grains.Hosting;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>What another copy of a user's grain does behind this one's back, through the silo's own storage.</summary>
internal static class OtherCopy
{
    /// <summary>Reads the user's stored state, ends <paramref name="sessionId"/> in it, writes it back.</summary>
    public static async Task EndSessionAsync(IServiceProvider silo, string userId, string sessionId)
    {
        var storage = silo.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Sessions);
        var grainId = GrainId.Create("user-sessions", userId);
        var stored = new GrainState<UserSessionsState>(new UserSessionsState());
        await storage.ReadStateAsync("sessions", grainId, stored);
        var state = stored.State!;
        Assert.Contains(state.Sessions, s => s.Id == sessionId);
        state.Sessions = state.Sessions.Where(s => s.Id != sessionId).ToList();
        await storage.WriteStateAsync("sessions", grainId, stored);
    }
}
