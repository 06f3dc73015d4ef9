using Microsoft.AspNetCore.Identity;

namespace OrleansSessions.Grains.Accounts;

/// <summary>
/// ASP.NET Core Identity's password hasher (PBKDF2-HMAC-SHA512). A login for an unknown email is verified
/// against a dummy hash so it costs the same time as a wrong password.
/// </summary>
internal sealed class PasswordHashing
{
    private static readonly object User = new();
    private readonly IPasswordHasher<object> _hasher;
    private readonly string _dummyHash;

    public PasswordHashing(IPasswordHasher<object> hasher)
    {
        _hasher = hasher;
        _dummyHash = hasher.HashPassword(User, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
    }

    public string Hash(string password) => _hasher.HashPassword(User, password);

    /// <summary><see cref="Hash"/> on the thread pool, off the calling grain's turn.</summary>
    public Task<string> HashAsync(string password) => Task.Run(() => Hash(password));

    /// <summary><see cref="Verify"/> on the thread pool, off the calling grain's turn.</summary>
    public Task<bool> VerifyAsync(string? hash, string password) => Task.Run(() => Verify(hash, password));

    /// <summary>True when <paramref name="password"/> matches; with no hash, burns the same time and says false.</summary>
    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(User, hash ?? _dummyHash, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
