using Microsoft.Extensions.Options;

namespace OrleansSessions.Api.Accounts;

/// <summary>
/// The API keys <c>/auth/introspect</c> accepts: <c>Auth:IntrospectionKeys</c> and the service keys
/// (<c>Auth:ServiceKeys</c>); none configured means every caller is refused.
/// </summary>
public sealed class IntrospectionKeys(IOptions<AuthSettings> settings)
{
    public const string Header = PresentedApiKey.HeaderName;

    private readonly ApiKeySet _keys = new(settings.Value.IntrospectionKeys, settings.Value.ServiceKeys);

    /// <summary>Compares hashes in fixed time, against every key, so timing reveals neither a key nor which matched.</summary>
    public bool IsValid(string? presented) => _keys.IsValid(presented);

    /// <summary>
    /// Whether any reading of what the caller presents (<c>X-Api-Key</c>, the Basic password as sent or form-decoded) is
    /// a key. Every reading is compared, so the time taken does not depend on which one matched.
    /// </summary>
    public bool Accepts(PresentedApiKey presented)
    {
        var header = IsValid(presented.Header);
        var basic = IsValid(presented.BasicPassword);
        var decoded = IsValid(presented.BasicPasswordDecoded);
        return header | basic | decoded;
    }
}
