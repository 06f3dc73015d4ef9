using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansSessions.Api.Accounts;

/// <summary>The API keys from <c>Auth:IntrospectionKeys</c>; none configured means every caller is refused.</summary>
public sealed class IntrospectionKeys(IOptions<AuthSettings> settings)
{
    public const string Header = PresentedApiKey.HeaderName;

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
