using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OrleansSessions.Client;

/// <summary>
/// Checks that a webhook came from OrleansSessions (Standard Webhooks): the HMAC-SHA256 under your <c>whsec_</c>
/// secret of <c>"{webhook-id}.{webhook-timestamp}.{body}"</c> matches one of the <c>v1,</c> signatures in
/// <c>webhook-signature</c> (space-separated, so a secret can be rotated), and the timestamp is within
/// <see cref="Tolerance"/> of now (a replayed old request is refused). Events can arrive more than once; drop
/// duplicates by <c>webhook-id</c> (the event's <c>id</c>).
/// <code>
/// var verifier = new WebhookVerifier(builder.Configuration["Webhooks:Secret"]!);
/// app.MapPost("/hooks/sessions", async (HttpRequest request) =&gt;
///     await verifier.ReadVerifiedBodyAsync(request) is { } body ? Results.Ok() : Results.Unauthorized());
/// </code>
/// </summary>
public sealed class WebhookVerifier
{
    private const string SecretPrefix = "whsec_";

    /// <summary>The shortest key the service takes for a webhook (<c>Events:Webhooks:{n}:Secret</c>).</summary>
    public const int MinKeyBytes = 16;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public WebhookVerifier(string secret, TimeSpan? tolerance = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var base64 = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            _key = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The webhook secret must be 'whsec_' followed by base64.", nameof(secret), ex);
        }

        if (_key.Length < MinKeyBytes)
        {
            // An empty (or short) key makes signatures anyone can compute; the service itself takes no shorter secret.
            throw new ArgumentException($"The webhook secret must hold at least {MinKeyBytes} bytes ('whsec_' + base64).", nameof(secret));
        }

        Tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How far the <c>webhook-timestamp</c> may be from now, either way (default five minutes).</summary>
    public TimeSpan Tolerance { get; }

    /// <summary>Reads the request's body and returns it when the request is signed right and recent; null otherwise.</summary>
    public async Task<string?> ReadVerifiedBodyAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return Verify(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body)
            ? body
            : null;
    }

    /// <summary>Whether the three <c>webhook-*</c> header values sign <paramref name="body"/> with this secret, recently.</summary>
    public bool Verify(string? id, string? timestamp, string? signatures, string body)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures)
            || !long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        if ((_time.GetUtcNow() - sentAt).Duration() > Tolerance)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = signature.IndexOf(',');
            if (separator < 0 || !signature.AsSpan(0, separator).SequenceEqual("v1"))
            {
                continue;
            }

            var given = new byte[32];
            if (Convert.TryFromBase64String(signature[(separator + 1)..], given, out var written) && written == given.Length
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        return false;
    }
}
