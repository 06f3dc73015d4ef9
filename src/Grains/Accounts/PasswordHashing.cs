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

    /// <summary>Hashes computed at once: enough to keep every core busy, few enough that a burst makes no crowd of threads.</summary>
    private static readonly int ConcurrentHashes = 2 * Environment.ProcessorCount;

    private static readonly object User = new();
    private readonly SemaphoreSlim _running = new(ConcurrentHashes);
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

    /// <summary><see cref="Hash"/> off the calling grain's turn and off the thread pool (<see cref="OnHashingThreadAsync"/>).</summary>
    public Task<string> HashAsync(string password) => OnHashingThreadAsync(() => Hash(password));

    /// <summary><see cref="Verify"/> off the calling grain's turn and off the thread pool (<see cref="OnHashingThreadAsync"/>).</summary>
    public Task<PasswordVerificationResult> VerifyAsync(string? hash, string password) => OnHashingThreadAsync(() => Verify(hash, password));

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

    /// <summary>
    /// Runs a hash (tens of milliseconds of a core) on a thread of its own, not on the thread pool: the pool's few
    /// threads (two on a two-core machine) go on reading Redis's and Orleans' replies through a burst of logins, instead
    /// of queueing them behind hashes until a store call times out. At most <see cref="ConcurrentHashes"/> run at
    /// once; the others wait their turn without holding a thread.
    /// </summary>
    private async Task<T> OnHashingThreadAsync<T>(Func<T> hash)
    {
        await _running.WaitAsync();
        try
        {
            return await Task.Factory.StartNew(hash, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            _running.Release();
        }
    }
}
