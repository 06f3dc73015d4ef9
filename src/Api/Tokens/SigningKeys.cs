using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// The current key, which signs, and the previous keys, which still verify and stay published in the JWKS until
/// the tokens they signed have expired (key rotation). They only sign: symmetric keys come from the <see cref="ServerSecret"/>.
/// </summary>
public sealed class SigningKeys
{
    public SigningKeys(SigningKey current, IReadOnlyList<SigningKey>? previous = null)
    {
        Current = current;
        var all = new[] { current }.Concat(previous ?? []).DistinctBy(k => k.KeyId).ToList();
        Credentials = new SigningCredentials(current.PrivateKey, current.Algorithm);
        VerificationKeys = all.Select(k => (SecurityKey)k.PrivateKey).ToList();
        Algorithms = all.Select(k => k.Algorithm).Distinct().ToList();
        PublicJwks = new JsonWebKeySet();
        foreach (var key in all)
        {
            PublicJwks.Keys.Add(key.PublicJwk);
        }
    }

    public SigningKey Current { get; }

    public SigningCredentials Credentials { get; }

    public IReadOnlyList<SecurityKey> VerificationKeys { get; }

    /// <summary>The only algorithms tokens may use: those of the configured keys (never <c>none</c>, never HS*).</summary>
    public IReadOnlyList<string> Algorithms { get; }

    public JsonWebKeySet PublicJwks { get; }

    public string Algorithm => Current.Algorithm;
}
