using System.Net;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// Limits guesses of the operator credentials: failed sign-ins per client network, counted by each node in memory
/// (<see cref="FailedSignIns"/>). Not cluster-wide on purpose: <c>/metrics</c> and the dashboard are how operators see
/// a sick cluster, so their sign-in asks no grain. A guesser spread over n nodes gets n times the limit.
/// </summary>
public sealed class OperatorSignInGuard(IOptions<OperatorCredentials> credentials, TimeProvider time)
{
    private readonly FailedSignIns _failures = new(credentials.Value.MaxFailedSignIns, credentials.Value.FailedSignInWindow);

    /// <summary>Whether a sign-in from <paramref name="client"/> may be checked now.</summary>
    public ThrottleDecision Check(IPAddress? client) => _failures.Check(NetworkOf(client), time.GetUtcNow());

    /// <summary>Counts a failed sign-in from <paramref name="client"/>; the decision for its next attempt.</summary>
    public ThrottleDecision Failed(IPAddress? client) => _failures.Failed(NetworkOf(client), time.GetUtcNow());

    private static string NetworkOf(IPAddress? client) => client is null ? "unknown" : ClientNetwork.Of(client.ToString());
}
