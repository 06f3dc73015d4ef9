using Microsoft.Extensions.Time.Testing;
using OrleansSessions.Client;
using OrleansSessions.Grains.Events;

namespace OrleansSessions.UnitTests;

/// <summary>
/// The receiving side of Standard Webhooks: what the service signs (<see cref="WebhookSigner"/>) verifies, and a
/// tampered body, a wrong secret, an old timestamp or a malformed header does not.
/// </summary>
public sealed class WebhookVerifierTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Key);
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private const string Body = """{"id":"evt_1","type":"session.created"}""";

    private static WebhookVerifier Verifier(string? secret = null) =>
        new(secret ?? Secret, TimeSpan.FromMinutes(5), new FakeTimeProvider(Now));

    private static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Signature(DateTimeOffset at, string body = Body) => WebhookSigner.Sign(Key, "evt_1", at.ToUnixTimeSeconds(), body);

    [Fact]
    public void A_signed_recent_request_verifies()
    {
        Assert.True(Verifier().Verify("evt_1", Timestamp(Now), Signature(Now), Body));
    }

    [Fact]
    public void The_signature_matches_the_standard_webhooks_reference_computation()
    {
        // HMAC-SHA256 over "id.timestamp.body", base64, prefixed "v1,".
        var expected = "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Key, System.Text.Encoding.UTF8.GetBytes($"evt_1.{Timestamp(Now)}.{Body}")));
        Assert.Equal(expected, Signature(Now));
    }

    [Fact]
    public void A_tampered_body_fails()
    {
        Assert.False(Verifier().Verify("evt_1", Timestamp(Now), Signature(Now), Body.Replace("created", "revoked", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_tampered_id_fails()
    {
        Assert.False(Verifier().Verify("evt_2", Timestamp(Now), Signature(Now), Body));
    }

    [Fact]
    public void A_wrong_secret_fails()
    {
        var other = "whsec_" + Convert.ToBase64String(new byte[32]);
        Assert.False(Verifier(other).Verify("evt_1", Timestamp(Now), Signature(Now), Body));
    }

    [Fact]
    public void An_old_or_future_timestamp_fails_even_when_signed()
    {
        var old = Now.AddMinutes(-6);
        var future = Now.AddMinutes(6);
        Assert.False(Verifier().Verify("evt_1", Timestamp(old), Signature(old), Body));
        Assert.False(Verifier().Verify("evt_1", Timestamp(future), Signature(future), Body));
        Assert.True(Verifier().Verify("evt_1", Timestamp(Now.AddMinutes(-4)), Signature(Now.AddMinutes(-4)), Body));
    }

    [Fact]
    public void Any_of_several_signatures_in_the_header_may_match()
    {
        var rotatedAway = "v1," + Convert.ToBase64String(new byte[32]);
        Assert.True(Verifier().Verify("evt_1", Timestamp(Now), $"{rotatedAway} v2,abc {Signature(Now)}", Body));
        Assert.False(Verifier().Verify("evt_1", Timestamp(Now), $"{rotatedAway} v1,not-base64", Body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    public void A_missing_or_malformed_timestamp_fails(string? timestamp)
    {
        Assert.False(Verifier().Verify("evt_1", timestamp, Signature(Now), Body));
    }

    [Fact]
    public void A_secret_that_is_not_base64_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new WebhookVerifier("whsec_***"));
    }

    [Theory]
    [InlineData("whsec_")] // no key: signatures anyone can compute
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAA")] // 15 bytes
    public void A_secret_shorter_than_the_service_takes_is_refused_at_construction(string secret)
    {
        Assert.Throws<ArgumentException>(() => new WebhookVerifier(secret));
    }
}
