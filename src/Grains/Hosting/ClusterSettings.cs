using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Grains.Hosting;

/// <summary>The cluster identity and endpoints, bound from the <c>Orleans</c> configuration section.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "orleans-sessions";

    [Required]
    public string ServiceId { get; set; } = "orleans-sessions";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on; empty means the first non-loopback address, or loopback.</summary>
    public string? AdvertisedIP { get; set; }
}
