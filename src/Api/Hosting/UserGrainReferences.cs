using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.Api.Hosting;

/// <summary>
/// References to users' grains without the reflection <c>GetGrain&lt;IUserSessionsGrain&gt;(key)</c> does on every
/// call (it reads the interface's attributes to find its grain and interface types, a few percent of the Api's CPU
/// per request): both types are read once per process, from one reference built the usual way, and each reference is
/// then made from them and the key. A grain reference is only an address, so it is the same reference either way.
/// </summary>
public static class UserGrainReferences
{
    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);

    private static Types? s_types;

    public static IUserSessionsGrain UserSessions(this IGrainFactory grains, string userId)
    {
        var types = s_types ??= Resolve(grains);
        return (IUserSessionsGrain)grains.GetGrain(GrainId.Create(types.Grain, userId), types.Interface);
    }

    private static Types Resolve(IGrainFactory grains)
    {
        var reference = (GrainReference)grains.GetGrain<IUserSessionsGrain>("-");
        return new Types(reference.GrainId.Type, reference.InterfaceType);
    }
}
