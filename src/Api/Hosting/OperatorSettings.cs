namespace OrleansSessions.Api.Hosting;

/// <summary>What the operator page links to, bound from the <c>Operators</c> configuration section.</summary>
public sealed class OperatorSettings
{
    public const string Section = "Operators";

    /// <summary>Where operators find the Orleans dashboard; <c>/dashboard</c> in embedded mode, unset (no link) otherwise.</summary>
    public string? DashboardUrl { get; set; }
}
