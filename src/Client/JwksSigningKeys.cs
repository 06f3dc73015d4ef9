using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Client;

/// <summary>
/// The Api's token-signing keys, read from its JWKS (<c>/.well-known/jwks.json</c>): fetched before the first token is
/// checked, again once they are <see cref="RefreshEvery"/> old, and at once when a token names a key id they lack (the
/// Api signs with a new key), so a new key is taken on the first token signed with it. Fetches are at most one per
/// <see cref="FetchAtMostEvery"/>: tokens with made-up key ids cannot turn every request into a fetch. A failed fetch
/// keeps the keys there are (tokens they cannot verify are refused).
/// </summary>
internal sealed class JwksSigningKeys(HttpClient backchannel, Uri address, TimeProvider time)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromHours(1);
    public static readonly TimeSpan FetchAtMostEvery = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private Fetched? _fetched;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    /// <summary>The keys the last successful fetch gave; none before it.</summary>
    public IList<SecurityKey> Current => Volatile.Read(ref _fetched)?.Keys ?? [];

    /// <summary>Fetches the keys when there are none, they are old, or <paramref name="token"/> names a key they lack.</summary>
    public async Task EnsureForAsync(string? token, CancellationToken cancellationToken)
    {
        var keyId = KeyIdOf(token);
        if (Holds(Volatile.Read(ref _fetched), keyId))
        {
            return;
        }

        await _fetchGate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (Holds(Volatile.Read(ref _fetched), keyId) || now - _lastAttempt < FetchAtMostEvery)
            {
                return;
            }

            _lastAttempt = now;
            var set = new JsonWebKeySet(await backchannel.GetStringAsync(address, cancellationToken));
            Volatile.Write(ref _fetched, new Fetched(set.GetSigningKeys(), now));
        }
        catch (Exception ex) when (ex is HttpRequestException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The Api's JWKS could not be read or parsed: the keys there are stay, and the next fetch is tried later.
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    private bool Holds(Fetched? fetched, string? keyId) =>
        fetched is not null
        && time.GetUtcNow() - fetched.At < RefreshEvery
        && (keyId is null || fetched.Keys.Any(key => key.KeyId == keyId));

    /// <summary>The <c>kid</c> of a well-formed JWT; null for anything else (which validation then refuses).</summary>
    private static string? KeyIdOf(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private sealed record Fetched(IList<SecurityKey> Keys, DateTimeOffset At);
}
