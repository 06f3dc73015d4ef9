using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Grains.Domain;

/// <summary>Sign-in throttling, bound from the <c>Throttling</c> configuration section.</summary>
public sealed class ThrottlingPolicy
{
    public const string Section = "Throttling";

    /// <summary>Failed password checks of one account from one client network (IPv4 address, IPv6 /64) within the window.</summary>
    [Range(1, 1_000_000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed password checks of one account from every network together within the window.</summary>
    [Range(1, 1_000_000)]
    public int MaxFailuresPerAccountAllAddresses { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, 100_000_000)]
    public int MaxLoginsPerIpPerMinute { get; set; } = 60;

    [Range(1, 100_000_000)]
    public int MaxRegistrationsPerIpPerHour { get; set; } = 20;
}
