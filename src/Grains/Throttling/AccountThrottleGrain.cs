using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Throttling;

/// <summary>
/// Password checks of one account (<see cref="PasswordGuesses"/>). One turn reserves a check, so the limit is exact
/// under parallel guesses from any number of Api nodes. Kept in memory: the grain stays active while checks are in the
/// window; a crashed silo forgets them (it errs towards letting the user in).
/// </summary>
[GrainType("account-throttle")]
internal sealed class AccountThrottleGrain(
    IOptions<ThrottlingPolicy> policy,
    [FromKeyedServices(SessionClock.Key)] TimeProvider time) : Grain, IAccountThrottleGrain
{
    private readonly PasswordGuesses _guesses = new(
        policy.Value.MaxFailuresPerAccount, policy.Value.MaxFailuresPerAccountAllAddresses, policy.Value.FailureWindow);

    public Task<GuessReservation> Reserve(string clientNetwork)
    {
        DelayDeactivation(policy.Value.FailureWindow);
        return Task.FromResult(_guesses.Reserve(clientNetwork, time.GetUtcNow()));
    }

    public Task Fail(long ticket)
    {
        _guesses.Fail(ticket);
        return Task.CompletedTask;
    }

    public Task Succeed(string clientNetwork, long ticket)
    {
        _guesses.Succeed(clientNetwork, ticket);
        return Task.CompletedTask;
    }
}
