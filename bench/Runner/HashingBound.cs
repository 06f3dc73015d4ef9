using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Accounts;

namespace OrleansSessions.Bench;

/// <summary>
/// How many password verifications per second this machine does with all its cores, at the service's own hashing
/// settings (<see cref="PasswordHashing.Configure"/>: PBKDF2-HMAC-SHA512, 210,000 iterations): the login ceiling.
/// </summary>
public static class HashingBound
{
    public static async Task<double> MeasureAsync(TimeSpan duration)
    {
        var options = new PasswordHasherOptions();
        PasswordHashing.Configure(options);
        var hasher = new PasswordHasher<object>(Options.Create(options));
        var user = new object();
        var hash = hasher.HashPassword(user, Contenders.Password);
        return await ClosedLoop.RunAsync(Environment.ProcessorCount, duration, _ => Task.Run(() =>
        {
            if (hasher.VerifyHashedPassword(user, hash, Contenders.Password) == PasswordVerificationResult.Failed)
            {
                throw new InvalidOperationException("the hash did not verify");
            }
        }));
    }
}
