using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Grains.Domain;

/// <summary>The session rules, bound from the <c>Sessions</c> configuration section.</summary>
public sealed class SessionPolicy : IValidatableObject
{
    public const string Section = "Sessions";

    [Range(1, 10_000)]
    public int MaxPerUser { get; set; } = 5;

    public LimitPolicy LimitPolicy { get; set; } = LimitPolicy.EvictOldest;

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan RememberMeLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long after a rotation a duplicate refresh gets the same new pair instead of being treated as theft.</summary>
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.Zero;

    /// <summary>How often an active grain prunes expired sessions and flushes buffered activity to the store.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest any session can live: the store keeps a user's key no longer than this after its last write.</summary>
    public TimeSpan LongestLifetime => RememberMeLifetime > AbsoluteLifetime ? RememberMeLifetime : AbsoluteLifetime;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(IdleTimeout), IdleTimeout),
                     (nameof(AbsoluteLifetime), AbsoluteLifetime),
                     (nameof(RememberMeLifetime), RememberMeLifetime),
                     (nameof(MaintenanceInterval), MaintenanceInterval),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Sessions:{name} must be a positive duration, got {value}.", [name]);
            }
        }

        if (RefreshReuseGrace < TimeSpan.Zero)
        {
            yield return new ValidationResult("Sessions:RefreshReuseGrace must not be negative.", [nameof(RefreshReuseGrace)]);
        }
    }
}
