using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Throttling;

/// <summary>
/// Password checks of one account (<see cref="PasswordGuesses"/>). One turn reserves a check, so the limit is exact
/// under parallel guesses from any number of Api nodes. Kept in memory: the grain stays active while checks are in the
/// window; a crashed silo forgets them (it errs towards letting the user in).
/// <para>Reentrant: a check refused only because others are still in flight waits (up to <see cref="MaxWait"/>) for
/// them to be reported and asks again, so many logins with the right password at once queue instead of getting 429.
/// Every decision is made in one synchronous step, so interleaving never lets more checks through.</para>
/// </summary>
[Reentrant]
[GrainType("account-throttle")]
internal sealed class AccountThrottleGrain(
    IOptions<ThrottlingPolicy> policy,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time) : Grain, IAccountThrottleGrain
{
    private readonly PasswordGuesses _guesses = new(
        policy.Value.MaxFailuresPerAccount, policy.Value.MaxFailuresPerAccountAllAddresses, policy.Value.FailureWindow);

    /// <summary>How long a check waits for the checks in flight before it is refused after all (real time).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private TaskCompletionSource? _reported;

    public async Task<GuessReservation> Reserve(string clientNetwork)
    {
        DelayDeactivation(policy.Value.FailureWindow);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var reservation = _guesses.Reserve(clientNetwork, time.GetUtcNow());
            var left = MaxWait - Stopwatch.GetElapsedTime(started);
            if (reservation.Ticket is not null || !_guesses.MayOpenUp(clientNetwork) || left <= TimeSpan.Zero)
            {
                return reservation;
            }

            var reported = (_reported ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            await Task.WhenAny(reported, Task.Delay(left));
        }
    }

    public Task<bool> Fail(long ticket)
    {
        var locked = _guesses.Fail(ticket);
        WakeWaiting();
        return Task.FromResult(locked);
    }

    public Task Succeed(string clientNetwork, long ticket)
    {
        _guesses.Succeed(clientNetwork, ticket);
        WakeWaiting();
        return Task.CompletedTask;
    }

    public Task LockReportDone(bool stored)
    {
        _guesses.LockReportDone(stored);
        return Task.CompletedTask;
    }

    private void WakeWaiting()
    {
        var reported = _reported;
        _reported = null;
        reported?.TrySetResult();
    }
}
