using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// The dashboard section: the operator sign-in (<c>Dashboard:Username</c>, <c>Dashboard:Password</c>) that guards the
/// Orleans dashboard and <c>/metrics</c> of silos and Api nodes, and how the dashboard samples the silo.
/// </summary>
public sealed class OperatorCredentials
{
    public const string Section = "Dashboard";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Hides the dashboard's live log view (it can show request details).</summary>
    public bool HideTrace { get; set; } = true;

    /// <summary>
    /// Milliseconds between the dashboard's samples: of each silo's statistics, and of Orleans' meter, whose gauges
    /// include two that walk every activation (<see cref="DashboardCounterExport"/>): with some 120,000 users in memory,
    /// a sample a second cost a busy silo 8% of its CPU.
    /// </summary>
    [Range(1000, 600_000)]
    public int CounterUpdateIntervalMs { get; set; } = 5000;

    /// <summary>
    /// Different wrong operator credentials from one client network (an IPv4 address, an IPv6 /64) that one node takes
    /// within <see cref="FailedSignInWindow"/>; after that it refuses every sign-in from that network (429) until the
    /// oldest failure leaves the window (<see cref="OperatorSignInGuard"/>). At most 100, so the counts stay small.
    /// </summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    public bool IsConfigured => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    /// <summary>
    /// False when no sign-in is configured. Otherwise compares hashes in fixed time, so timing reveals nothing about
    /// either value.
    /// </summary>
    public bool Matches(string username, string password) =>
        IsConfigured
        && FixedTimeEquals(username, Username!) & FixedTimeEquals(password, Password!);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
