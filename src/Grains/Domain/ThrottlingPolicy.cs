using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Grains.Domain;

/// <summary>Login throttling, bound from the <c>Throttling</c> configuration section.</summary>
public sealed class ThrottlingPolicy
{
    public const string Section = "Throttling";

    [Range(1, 1_000_000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, 100_000_000)]
    public int MaxLoginsPerIpPerMinute { get; set; } = 60;
}
