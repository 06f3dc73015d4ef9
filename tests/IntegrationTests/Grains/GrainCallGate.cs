namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// Holds the next call of one grain method that a grain makes (the silo's outgoing calls) until the test lets it go,
/// so that what happens meanwhile, such as a racing change, is placed exactly between the caller's steps.
/// </summary>
public sealed class GrainCallGate
{
    private HeldCall? _armed;

    public HeldCall HoldNextCallOf(string methodName)
    {
        var held = new HeldCall(methodName);
        Volatile.Write(ref _armed, held);
        return held;
    }

    public async Task InvokeAsync(IOutgoingGrainCallContext context)
    {
        var held = Volatile.Read(ref _armed);
        if (held is not null && context.InterfaceMethod?.Name == held.MethodName && Interlocked.CompareExchange(ref _armed, null, held) == held)
        {
            held.Arrive();
            await held.Released;
        }

        await context.Invoke();
    }

    /// <summary>One held call: <see cref="Reached"/> completes when it is being held, <see cref="Release"/> sends it on.</summary>
    public sealed class HeldCall(string methodName)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string MethodName { get; } = methodName;

        public Task Reached => _reached.Task;

        internal Task Released => _released.Task;

        public void Release() => _released.TrySetResult();

        internal void Arrive() => _reached.TrySetResult();
    }
}
