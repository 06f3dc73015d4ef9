namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// Fails the next incoming call of one grain method, once, as an unreachable silo or store would (before it runs), or
/// loses its answer (after it ran, as a silo stopping mid-call would): what a half-done operation leaves behind, and
/// what a caller sending it again gets, can then be tested.
/// </summary>
public sealed class GrainCallFaults : IIncomingGrainCallFilter
{
    private string? _failNext;
    private string? _loseNextAnswer;
    private Func<Exception>? _lostWith;

    public void FailNextCallOf(string methodName) => Volatile.Write(ref _failNext, methodName);

    /// <summary>Lets the next call of <paramref name="methodName"/> run, then fails it with <paramref name="lostWith"/> (a timeout by default).</summary>
    public void LoseNextAnswerOf(string methodName, Func<Exception>? lostWith = null)
    {
        _lostWith = lostWith;
        Volatile.Write(ref _loseNextAnswer, methodName);
    }

    /// <summary>Whether an armed fault has not been used yet (no call of its method came).</summary>
    public bool IsArmed => Volatile.Read(ref _failNext) is not null || Volatile.Read(ref _loseNextAnswer) is not null;

    public Task Invoke(IIncomingGrainCallContext context) => InvokeAsync(context);

    public async Task InvokeAsync(IIncomingGrainCallContext context)
    {
        if (Takes(ref _failNext, context) is { } failed)
        {
            throw new TimeoutException($"Injected fault: {failed} did not answer.");
        }

        await context.Invoke();
        if (Takes(ref _loseNextAnswer, context) is { } lost)
        {
            throw _lostWith?.Invoke() ?? new TimeoutException($"Injected fault: the answer of {lost} was lost.");
        }
    }

    /// <summary>The method armed in <paramref name="slot"/> when this call is to it, disarmed; null otherwise.</summary>
    private static string? Takes(ref string? slot, IIncomingGrainCallContext context)
    {
        var armed = Volatile.Read(ref slot);
        // Timer ticks come through filters too, with no interface method.
        return armed is not null && context.InterfaceMethod?.Name == armed && Interlocked.CompareExchange(ref slot, null, armed) == armed
            ? armed
            : null;
    }
}
