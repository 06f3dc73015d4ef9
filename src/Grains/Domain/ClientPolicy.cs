using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Grains.Domain;

/// <summary>
/// One client's overrides of the session defaults (<c>Sessions:Clients:{name}</c>); each one left unset follows the
/// default. <see cref="SessionPolicy.For"/> combines them into the policy that client's sessions follow.
/// </summary>
public sealed class ClientPolicy
{
    [Range(1, 10_000)]
    public int? MaxPerUser { get; set; }

    public LimitPolicy? LimitPolicy { get; set; }

    public TimeSpan? IdleTimeout { get; set; }

    public TimeSpan? AbsoluteLifetime { get; set; }

    public TimeSpan? RememberMeLifetime { get; set; }
}
