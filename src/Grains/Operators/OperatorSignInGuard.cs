using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// Limits guesses of the operator credentials: different wrong credentials per client network, counted by each node in
/// memory (<see cref="FailedSignIns"/>). Not cluster-wide on purpose: <c>/metrics</c> and the dashboard are how
/// operators see a sick cluster, so their sign-in asks no grain. A guesser spread over n nodes gets n times the limit.
/// </summary>
public sealed class OperatorSignInGuard(IOptions<OperatorCredentials> credentials, [FromKeyedServices(SessionClock.Key)] TimeProvider time)
{
    private readonly FailedSignIns _failures = new(credentials.Value.MaxFailedSignIns, credentials.Value.FailedSignInWindow);

    /// <summary>
    /// Checks <paramref name="presented"/> (the Basic header's value) with <paramref name="isRight"/> unless the network
    /// of <paramref name="clientAddress"/> (<see cref="ForwardedHeadersSetup.ClientAddress"/>) is at the limit.
    /// </summary>
    internal (GuardedSignIn Outcome, ThrottleDecision Next) Attempt(string clientAddress, string presented, Func<bool> isRight) =>
        _failures.Attempt(ClientNetwork.Of(clientAddress), GuessOf(presented), time.GetUtcNow(), isRight);

    /// <summary>Tells wrong credentials apart without keeping them.</summary>
    private static long GuessOf(string presented) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
