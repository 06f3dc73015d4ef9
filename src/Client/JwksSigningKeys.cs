using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Client;

/// <summary>
/// The Api's token-signing keys, read from its JWKS (<c>/.well-known/jwks.json</c>). A request with a token waits for
/// a fetch only when there are no keys yet or its token names a key id they lack (the Api signs with a new key), so a
/// new key is taken on the first token signed with it; keys <see cref="RefreshEvery"/> old are fetched again in the
/// background while they go on serving. One fetch runs at a time, bounded by <see cref="FetchTimeout"/> and not by
/// any request, and fetches start at most once per <see cref="FetchAtMostEvery"/>: tokens with made-up key ids cannot
/// turn requests into fetches. A failed fetch keeps the keys there are (tokens they cannot verify are refused).
/// </summary>
internal sealed class JwksSigningKeys(HttpClient backchannel, Uri address, TimeProvider time)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromHours(1);
    public static readonly TimeSpan FetchAtMostEvery = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _fetchStart = new();
    private Fetched? _fetched;
    private Task _inFlight = Task.CompletedTask;
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;

    /// <summary>The keys the last successful fetch gave; none before it.</summary>
    public IList<SecurityKey> Current => Volatile.Read(ref _fetched)?.Keys ?? [];

    /// <summary>
    /// Makes the keys ready for <paramref name="token"/>: waits for a fetch when none are there or the token names a
    /// key they lack; <paramref name="cancellationToken"/> ends the wait, not the fetch.
    /// </summary>
    public Task EnsureForAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Task.CompletedTask; // nothing to verify
        }

        var fetched = Volatile.Read(ref _fetched);
        if (fetched is not null && Holds(fetched, KeyIdOf(token)))
        {
            if (time.GetUtcNow() - fetched.At >= RefreshEvery)
            {
                StartFetch();
            }

            return Task.CompletedTask;
        }

        return StartFetch().WaitAsync(cancellationToken);
    }

    /// <summary>The fetch under way, a new one, or (within <see cref="FetchAtMostEvery"/> of the last) none.</summary>
    private Task StartFetch()
    {
        lock (_fetchStart)
        {
            var now = time.GetUtcNow();
            if (!_inFlight.IsCompleted || now - _lastStart < FetchAtMostEvery)
            {
                return _inFlight;
            }

            _lastStart = now;
            return _inFlight = FetchAsync(now);
        }
    }

    private async Task FetchAsync(DateTimeOffset startedAt)
    {
        using var timeout = new CancellationTokenSource(FetchTimeout);
        try
        {
            var set = new JsonWebKeySet(await backchannel.GetStringAsync(address, timeout.Token));
            Volatile.Write(ref _fetched, new Fetched(set.GetSigningKeys(), startedAt));
        }
        catch (Exception ex) when (ex is HttpRequestException or ArgumentException or OperationCanceledException)
        {
            // The Api's JWKS could not be read or parsed in time: the keys there are stay, and a later fetch may do better.
        }
    }

    private static bool Holds(Fetched fetched, string? keyId) => keyId is null || fetched.Keys.Any(key => key.KeyId == keyId);

    /// <summary>
    /// The <c>kid</c> of a JWT's header, read from the header alone (validation parses the whole token after this); null
    /// when the header has none or is malformed (validation then refuses the token). A well-formed header naming an
    /// unknown key asks for a fetch whatever follows it, within <see cref="FetchAtMostEvery"/>.
    /// </summary>
    private static string? KeyIdOf(string token)
    {
        var headerEnd = token.IndexOf('.');
        if (headerEnd <= 0)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token[..headerEnd]));
            return header.RootElement.ValueKind == JsonValueKind.Object
                && header.RootElement.TryGetProperty(JwtHeaderParameterNames.Kid, out var kid)
                && kid.ValueKind == JsonValueKind.String
                ? kid.GetString()
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private sealed record Fetched(IList<SecurityKey> Keys, DateTimeOffset At);
}
