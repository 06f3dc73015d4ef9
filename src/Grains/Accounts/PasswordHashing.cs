using Microsoft.AspNetCore.Identity;

namespace OrleansSessions.Grains.Accounts;

/// <summary>
/// ASP.NET Core Identity's password hasher, PBKDF2-HMAC-SHA512 at <see cref="IterationCount"/> iterations. A login
/// for an unknown email is verified against a dummy hash so it costs the same time as a wrong password.
/// </summary>
internal sealed class PasswordHashing
{
    /// <summary>PBKDF2-HMAC-SHA512 iterations for new hashes (OWASP's Password Storage Cheat Sheet, 2023).</summary>
    public const int IterationCount = 210_000;

    private static readonly object User = new();
    private readonly IPasswordHasher<object> _hasher;
    private readonly string _dummyHash;

    public PasswordHashing(IPasswordHasher<object> hasher)
    {
        _hasher = hasher;
        _dummyHash = hasher.HashPassword(User, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
    }

    /// <summary>The hasher's settings: Identity's version 3 format (SHA-512) at <see cref="IterationCount"/>.</summary>
    public static void Configure(PasswordHasherOptions options)
    {
        options.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
        options.IterationCount = IterationCount;
    }

    public string Hash(string password) => _hasher.HashPassword(User, password);

    /// <summary><see cref="Hash"/> on the thread pool, off the calling grain's turn.</summary>
    public Task<string> HashAsync(string password) => Task.Run(() => Hash(password));

    /// <summary><see cref="Verify"/> on the thread pool, off the calling grain's turn.</summary>
    public Task<PasswordVerificationResult> VerifyAsync(string? hash, string password) => Task.Run(() => Verify(hash, password));

    /// <summary>
    /// Whether <paramref name="password"/> matches: <see cref="PasswordVerificationResult.SuccessRehashNeeded"/> when it
    /// does but the hash is weaker than new ones (fewer iterations, an older format). With no hash, burns the same time
    /// and fails.
    /// </summary>
    public PasswordVerificationResult Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(User, hash ?? _dummyHash, password);
        return hash is null ? PasswordVerificationResult.Failed : result;
    }
}
