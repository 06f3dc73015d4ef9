using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Grains.Domain;

/// <summary>
/// The session rules, bound from the <c>Sessions</c> configuration section: the defaults, which the <c>default</c>
/// client's sessions follow, and per-client overrides (<see cref="Clients"/>) combined by <see cref="For"/>.
/// </summary>
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

    /// <summary>
    /// Per-client overrides by client name (<c>Sessions:Clients:{name}:MaxPerUser</c>, ...). Known clients are
    /// <see cref="SessionClients.Default"/> and these names; names compare without regard to case, as configuration keys do.
    /// </summary>
    public Dictionary<string, ClientPolicy> Clients { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    private Dictionary<string, SessionPolicy>? _byClient;

    /// <summary>
    /// The longest any session can live, whatever its client: the store keeps a user's key no longer than this after
    /// its last write.
    /// </summary>
    public TimeSpan LongestLifetime =>
        ByClient().Values.Append(this).Max(p => p.RememberMeLifetime > p.AbsoluteLifetime ? p.RememberMeLifetime : p.AbsoluteLifetime);

    /// <summary>
    /// The configured name of the client called <paramref name="name"/> (<see cref="SessionClients.Default"/> when
    /// none is named); null for a client that is not configured.
    /// </summary>
    public string? KnownClient(string? name)
    {
        if (name is null || string.Equals(name, SessionClients.Default, StringComparison.OrdinalIgnoreCase))
        {
            return SessionClients.Default;
        }

        return ByClient().Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The policy the sessions of <paramref name="client"/> follow: these defaults with the client's overrides. The
    /// default client (null, as its sessions are stored) follows <c>Sessions:Clients:default</c> like any other; a
    /// client without overrides gets this policy itself.
    /// </summary>
    public SessionPolicy For(string? client) =>
        ByClient().TryGetValue(client ?? SessionClients.Default, out var policy) ? policy : this;

    /// <summary>The combined policies, made once (options are read-only once bound; a race only builds equal copies).</summary>
    private Dictionary<string, SessionPolicy> ByClient() => _byClient ??= Clients.ToDictionary(
        c => c.Key,
        c => new SessionPolicy
        {
            MaxPerUser = c.Value.MaxPerUser ?? MaxPerUser,
            LimitPolicy = c.Value.LimitPolicy ?? LimitPolicy,
            IdleTimeout = c.Value.IdleTimeout ?? IdleTimeout,
            AbsoluteLifetime = c.Value.AbsoluteLifetime ?? AbsoluteLifetime,
            RememberMeLifetime = c.Value.RememberMeLifetime ?? RememberMeLifetime,
            RefreshReuseGrace = RefreshReuseGrace,
            MaintenanceInterval = MaintenanceInterval,
        },
        StringComparer.OrdinalIgnoreCase); // names compare as configuration keys do ("Default" names the default client)

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

        foreach (var (name, client) in Clients)
        {
            if (!SessionClients.IsValidName(name))
            {
                yield return new ValidationResult(
                    $"Sessions:Clients:{name} is not a valid client name (1 to {SessionClients.MaxNameLength} characters of A-Z a-z 0-9 . _ -).",
                    [nameof(Clients)]);
            }

            if (client.MaxPerUser is < 1 or > 10_000)
            {
                yield return new ValidationResult($"Sessions:Clients:{name}:MaxPerUser must be between 1 and 10000.", [nameof(Clients)]);
            }

            foreach (var (setting, value) in new[]
                     {
                         (nameof(ClientPolicy.IdleTimeout), client.IdleTimeout),
                         (nameof(ClientPolicy.AbsoluteLifetime), client.AbsoluteLifetime),
                         (nameof(ClientPolicy.RememberMeLifetime), client.RememberMeLifetime),
                     })
            {
                if (value <= TimeSpan.Zero)
                {
                    yield return new ValidationResult($"Sessions:Clients:{name}:{setting} must be a positive duration, got {value}.", [nameof(Clients)]);
                }
            }
        }

        if (RefreshReuseGrace < TimeSpan.Zero)
        {
            yield return new ValidationResult("Sessions:RefreshReuseGrace must not be negative.", [nameof(RefreshReuseGrace)]);
        }
    }
}
