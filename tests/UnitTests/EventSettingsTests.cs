using System.ComponentModel.DataAnnotations;
using OrleansSessions.Grains.Events;

namespace OrleansSessions.UnitTests;

/// <summary><c>Events:Webhooks:{n}</c> is checked at start, naming the webhook and never the secret.</summary>
public sealed class EventSettingsTests
{
    private static readonly string GoodSecret = "whsec_" + Convert.ToBase64String(new byte[24]);

    private static List<string> Problems(WebhookSettings webhook)
    {
        var settings = new EventSettings { Webhooks = [webhook] };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    [Fact]
    public void Http_and_https_urls_with_a_whsec_secret_are_fine()
    {
        Assert.Empty(Problems(new WebhookSettings { Url = "http://127.0.0.1:9000/hooks", Secret = GoodSecret }));
        Assert.Empty(Problems(new WebhookSettings { Url = "https://example.com/hooks", Secret = GoodSecret }));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/hooks")]
    [InlineData(null)]
    public void A_bad_url_is_named(string? url)
    {
        var problem = Assert.Single(Problems(new WebhookSettings { Url = url, Secret = GoodSecret }));
        Assert.Contains("Events:Webhooks:0", problem, StringComparison.Ordinal);
        Assert.Contains("Url", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain-secret-value")]
    [InlineData("whsec_not*base64")]
    [InlineData("whsec_AAAA")]
    public void A_bad_secret_is_named_but_not_quoted(string secret)
    {
        var problem = Assert.Single(Problems(new WebhookSettings { Url = "http://localhost/hooks", Secret = secret }));
        Assert.Contains("Secret", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    [InlineData("30.00:00:01")]
    [InlineData("60.00:00:00")] // past what a timer can wait: the webhook would never deliver
    public void A_retry_time_that_is_not_positive_or_longer_than_a_month_is_named(string retryFor)
    {
        var problem = Assert.Single(Problems(new WebhookSettings
        {
            Url = "http://localhost/hooks",
            Secret = GoodSecret,
            RetryFor = TimeSpan.Parse(retryFor, System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Contains("RetryFor", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_month_of_retries_is_fine() =>
        Assert.Empty(Problems(new WebhookSettings { Url = "http://localhost/hooks", Secret = GoodSecret, RetryFor = TimeSpan.FromDays(30) }));
}
