using Microsoft.Extensions.Options;

namespace OrleansSessions.Api.Accounts;

/// <summary>
/// The API keys <c>/auth/introspect</c> accepts: <c>Auth:IntrospectionKeys</c> and the service keys
/// (<c>Auth:ServiceKeys</c>); none configured means every caller is refused.
/// </summary>
public sealed class IntrospectionKeys(IOptions<AuthSettings> settings)
{
    public const string Header = "X-Api-Key";

    private readonly ApiKeySet _keys = new(settings.Value.IntrospectionKeys, settings.Value.ServiceKeys);

    /// <summary>Compares hashes in fixed time, against every key, so timing reveals neither a key nor which matched.</summary>
    public bool IsValid(string? presented) => _keys.IsValid(presented);
}
