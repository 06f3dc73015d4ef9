using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// The clock of the session rules: a keyed <see cref="TimeProvider"/>, so tests can move it without moving the
/// clocks Orleans itself runs on. Defaults to the host's <see cref="TimeProvider"/>.
/// </summary>
public static class SessionClock
{
    public const string Key = "orleans-sessions";

    public static IServiceCollection AddSessionClock(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(Key, static (sp, _) => sp.GetRequiredService<TimeProvider>());
        return services;
    }
}
