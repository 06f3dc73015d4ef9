using System.Collections.Concurrent;
using System.Reflection;
using OrleansSessions.Abstractions.Calls;

namespace OrleansSessions.Api.Hosting;

/// <summary>
/// The one place grain calls are retried: every outgoing call to a method marked <see cref="RetrySafeAttribute"/>
/// runs under <see cref="GrainRetry"/>; every other call runs once.
/// </summary>
public sealed class GrainRetryFilter(GrainRetry retry) : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, bool> Retried = new();

    public Task Invoke(IOutgoingGrainCallContext context) =>
        context.InterfaceMethod is { } method && IsRetrySafe(method) ? retry.RunAsync(context.Invoke, method.Name) : context.Invoke();

    private static bool IsRetrySafe(MethodInfo method) =>
        Retried.GetOrAdd(method, m => m.IsDefined(typeof(RetrySafeAttribute), inherit: false));
}
