using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// <c>Events:*</c>: the Redis stream (cluster mode) and the webhooks every event is posted to. Checked at start: a
/// webhook with a bad URL or secret stops the silo with a line naming it.
/// </summary>
public sealed class EventSettings : IValidatableObject
{
    public const string Section = "Events";

    /// <summary>
    /// False turns events off: no outbox, no stream entries, no webhooks, no expiry index (for a service nobody
    /// consumes events from, and for measuring what events cost).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Redis stream key (cluster mode).</summary>
    [Required]
    public string Stream { get; set; } = "orleans-sessions:events";

    /// <summary>The stream is trimmed near this many entries (approximate <c>MAXLEN</c>).</summary>
    [Range(1000, long.MaxValue)]
    public long StreamMaxLength { get; set; } = 1_000_000;

    public List<WebhookSettings> Webhooks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Webhooks.Count; i++)
        {
            foreach (var problem in Webhooks[i].Problems())
            {
                yield return new ValidationResult($"Events:Webhooks:{i}: {problem}", [nameof(Webhooks)]);
            }
        }
    }
}
