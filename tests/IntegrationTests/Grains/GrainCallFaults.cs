namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// Fails the next incoming call of one grain method, once, as an unreachable silo or store would: what a half-done
/// operation leaves behind can then be tested.
/// </summary>
public sealed class GrainCallFaults
{
    private string? _failNext;

    public void FailNextCallOf(string methodName) => Volatile.Write(ref _failNext, methodName);

    public Task InvokeAsync(IIncomingGrainCallContext context)
    {
        var armed = Volatile.Read(ref _failNext);
        // Timer ticks come through filters too, with no interface method.
        if (armed is not null && context.InterfaceMethod?.Name == armed && Interlocked.CompareExchange(ref _failNext, null, armed) == armed)
        {
            throw new TimeoutException($"Injected fault: {armed} did not answer.");
        }

        return context.Invoke();
    }
}
