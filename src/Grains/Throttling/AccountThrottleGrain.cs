using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Throttling;

/// <summary>
/// Failed logins of one account. Kept in memory: the grain stays active while failures are in the window,
/// so the count is exact cluster-wide; a crashed silo forgets it (it errs towards letting the user in).
/// </summary>
[GrainType("account-throttle")]
internal sealed class AccountThrottleGrain(
    IOptions<ThrottlingPolicy> policy,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time) : Grain, IAccountThrottleGrain
{
    private readonly AttemptWindow _failures = new(policy.Value.MaxFailuresPerAccount, policy.Value.FailureWindow);

    public Task<ThrottleDecision> Check() => Task.FromResult(_failures.Check(time.GetUtcNow()));

    public Task<ThrottleDecision> RecordFailure()
    {
        DelayDeactivation(policy.Value.FailureWindow);
        return Task.FromResult(_failures.Record(time.GetUtcNow()));
    }

    public Task Reset()
    {
        _failures.Reset();
        return Task.CompletedTask;
    }
}
