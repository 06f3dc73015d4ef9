namespace OrleansSessions.Grains.Throttling;

/// <summary>
/// One password check of an account as <see cref="LoginThrottle"/> reserved it: from which client network, under
/// which ticket (null when throttling refused it), and the figures for the answer's rate-limit headers.
/// </summary>
internal sealed record PasswordCheck(string Email, string Network, long? Ticket, ThrottleDecision Decision)
{
    public bool Refused => Ticket is null;
}
