namespace OrleansSessions.Abstractions.Throttling;

/// <summary>Failed logins of one account (key: normalised email) within the failure window, counted cluster-wide.</summary>
[Alias("os.IAccountThrottleGrain")]
public interface IAccountThrottleGrain : IGrainWithStringKey
{
    [Alias("Check")]
    Task<ThrottleDecision> Check();

    [Alias("RecordFailure")]
    Task<ThrottleDecision> RecordFailure();

    /// <summary>A successful login clears the account's failures.</summary>
    [Alias("Reset")]
    Task Reset();
}
