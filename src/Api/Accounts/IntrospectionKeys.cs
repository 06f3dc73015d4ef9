using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansSessions.Api.Accounts;

/// <summary>The API keys from <c>Auth:IntrospectionKeys</c>; none configured means every caller is refused.</summary>
public sealed class IntrospectionKeys(IOptions<AuthSettings> settings)
{
    public const string Header = "X-Api-Key";

    private readonly byte[][] _keys = settings.Value.IntrospectionKeys
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))
        .ToArray();

    /// <summary>Compares hashes in fixed time, against every key, so timing reveals neither a key nor which matched.</summary>
    public bool IsValid(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var key in _keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(key, hash);
        }

        return match;
    }
}
