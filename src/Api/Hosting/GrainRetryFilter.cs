using System.Collections.Concurrent;
using System.Reflection;
using OrleansSessions.Abstractions.Calls;

namespace OrleansSessions.Api.Hosting;

/// <summary>
/// The one place grain calls are retried: every outgoing call to a method marked <see cref="RetrySafeAttribute"/>
/// runs under <see cref="GrainRetry"/>; one marked <see cref="RetryWhenRefusedAttribute"/> is sent again only when it
/// was refused before it ran; every other call runs once.
/// </summary>
public sealed class GrainRetryFilter(GrainRetry retry) : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, Retry> Retries = new();

    public Task Invoke(IOutgoingGrainCallContext context) => RetryOf(context.InterfaceMethod) switch
    {
        Retry.WhenLost => retry.RunAsync(context.Invoke),
        Retry.WhenRefused => retry.RunWhenRefusedAsync(context.Invoke),
        _ => context.Invoke(),
    };

    private static Retry RetryOf(MethodInfo? method) => method is null ? Retry.Never : Retries.GetOrAdd(method, m =>
        m.IsDefined(typeof(RetrySafeAttribute), inherit: false) ? Retry.WhenLost
        : m.IsDefined(typeof(RetryWhenRefusedAttribute), inherit: false) ? Retry.WhenRefused
        : Retry.Never);

    private enum Retry
    {
        Never,
        WhenLost,
        WhenRefused,
    }
}
