using Microsoft.Extensions.Options;
using OrleansSessions.Api.Accounts;

namespace OrleansSessions.Api.Service;

/// <summary>
/// The gate of the service API: every request under <c>/service</c> needs a key from <c>Auth:ServiceKeys</c> in
/// <c>X-Api-Key</c> (fixed-time comparison), checked before its body is read or any grain is called; otherwise 401
/// <c>invalid_api_key</c>. Its answers carry tokens, so they are never cached.
/// </summary>
public sealed class ServiceKeys(IOptions<AuthSettings> settings)
{
    public const string PathPrefix = "/service";

    private readonly ApiKeySet _keys = new(settings.Value.ServiceKeys);

    public bool IsValid(string? presented) => _keys.IsValid(presented);
}
