using Microsoft.AspNetCore.Identity;

namespace OrleansSessions.Bench;

/// <summary>How many password verifications per second this machine does with all its cores: the login ceiling.</summary>
public static class HashingBound
{
    public static async Task<double> MeasureAsync(TimeSpan duration)
    {
        var hasher = new PasswordHasher<object>();
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
