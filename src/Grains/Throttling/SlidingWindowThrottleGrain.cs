using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Throttling;

/// <summary>
/// Attempts from one key (a client address, a network) within a sliding window, in memory, exact cluster-wide: one
/// activation per key answers every node. It stays active for the window after each attempt, so nothing counted is
/// forgotten early.
/// </summary>
internal abstract class SlidingWindowThrottleGrain(int limit, TimeSpan window, TimeProvider time) : Grain
{
    private readonly AttemptWindow _attempts = new(limit, window);

    public Task<ThrottleDecision> Acquire()
    {
        DelayDeactivation(window);
        return Task.FromResult(_attempts.TryAcquire(time.GetUtcNow()));
    }
}
