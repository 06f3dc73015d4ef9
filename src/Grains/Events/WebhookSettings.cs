namespace OrleansSessions.Grains.Events;

/// <summary>
/// <c>Events:Webhooks:{n}</c>: where events are posted (<c>http://</c> or <c>https://</c>), the Standard Webhooks
/// secret (<c>whsec_</c> + base64 of at least 16 bytes) and how long an event is retried before it is given up.
/// </summary>
public sealed class WebhookSettings
{
    /// <summary>The longest <see cref="RetryFor"/>: a month (a timer cannot run much beyond 49 days).</summary>
    public static readonly TimeSpan MaxRetryFor = TimeSpan.FromDays(30);

    public string? Url { get; set; }

    public string? Secret { get; set; }

    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The secret's key bytes; only valid once <see cref="Problems"/> found none.</summary>
    public byte[] Key() => Convert.FromBase64String(Secret!["whsec_".Length..]);

    /// <summary>What is wrong with these settings (never quoting the secret).</summary>
    public IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return "Url must be an absolute http:// or https:// URL.";
        }

        if (Secret is null || !Secret.StartsWith("whsec_", StringComparison.Ordinal) || !IsKey(Secret["whsec_".Length..]))
        {
            yield return "Secret must be 'whsec_' followed by the base64 of at least 16 bytes.";
        }

        if (RetryFor <= TimeSpan.Zero || RetryFor > MaxRetryFor)
        {
            yield return "RetryFor must be positive and at most 30 days.";
        }
    }

    private static bool IsKey(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written >= 16;
    }
}
