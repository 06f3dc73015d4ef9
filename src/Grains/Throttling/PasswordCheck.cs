namespace OrleansSessions.Grains.Throttling;

/// <summary>
/// One password check of an account as <see cref="LoginThrottle"/> reserved it: from which client network, under
/// which ticket (null when throttling refused it), the figures for the answer's rate-limit headers, and whether it was
/// refused by a lock whose <c>account.locked</c> event is still owed.
/// </summary>
internal sealed record PasswordCheck(string Email, string Network, long? Ticket, ThrottleDecision Decision, bool LockUnreported = false)
{
    public bool Refused => Ticket is null;
}
