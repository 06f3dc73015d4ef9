using System.Security.Cryptography;
using System.Text;

namespace OrleansSessions.Api.Accounts;

/// <summary>
/// A set of API keys (comma-separated in configuration; none means every caller is refused), kept as SHA-256 hashes
/// and compared in fixed time against every key, so timing reveals neither a key nor which one matched.
/// </summary>
public sealed class ApiKeySet(params string[] configured)
{
    /// <summary>Keys shorter than this may be guessed (SuperTokens refuses them); start-up warns of them.</summary>
    public const int RecommendedMinLength = 20;

    private readonly byte[][] _keys = Keys(configured).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    /// <summary>How many of the comma-separated keys of <paramref name="configured"/> are under <see cref="RecommendedMinLength"/>.</summary>
    public static int CountShortKeys(string configured) => Keys([configured]).Count(k => k.Length < RecommendedMinLength);

    private static IEnumerable<string> Keys(string[] configured) =>
        configured.SelectMany(list => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

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
