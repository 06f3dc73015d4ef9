using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// The silo's real password hasher, counting what it is asked per password: how many guesses reached the password
/// check, and whether a refused request cost a hash.
/// </summary>
public sealed class CountingPasswordHasher(IPasswordHasher<object> inner) : IPasswordHasher<object>
{
    private readonly ConcurrentDictionary<string, int> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hashed = new(StringComparer.Ordinal);

    /// <summary>How many times <paramref name="password"/> was checked against a hash.</summary>
    public int VerificationsOf(string password) => _verified.GetValueOrDefault(password);

    /// <summary>How many hashes of <paramref name="password"/> were computed.</summary>
    public int HashesOf(string password) => _hashed.GetValueOrDefault(password);

    public string HashPassword(object user, string password)
    {
        _hashed.AddOrUpdate(password, 1, (_, n) => n + 1);
        return inner.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(object user, string hashedPassword, string providedPassword)
    {
        _verified.AddOrUpdate(providedPassword, 1, (_, n) => n + 1);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
