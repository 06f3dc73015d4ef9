using Microsoft.AspNetCore.Identity;
using OrleansSessions.Grains.Accounts;

namespace OrleansSessions.UnitTests;

/// <summary>Where hashes run: on threads of their own, never the thread pool's, and no more at once than the cap.</summary>
public sealed class PasswordHashingThreadsTests
{
    /// <summary>A hasher that records the thread each hash ran on and how many ran at once, held until released.</summary>
    private sealed class WatchingHasher : IPasswordHasher<object>
    {
        private readonly SemaphoreSlim _release = new(0);
        private int _running;
        private int _mostAtOnce;
        private int _onThreadPool;
        private int _started;

        public bool Hold { get; set; }

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int OnThreadPool => Volatile.Read(ref _onThreadPool);

        public int Started => Volatile.Read(ref _started);

        public void ReleaseAll() => _release.Release(int.MaxValue / 2);

        public string HashPassword(object user, string password) => Run("hash");

        public PasswordVerificationResult VerifyHashedPassword(object user, string hashedPassword, string providedPassword) =>
            Run("verify") == "verify" ? PasswordVerificationResult.Success : PasswordVerificationResult.Failed;

        private string Run(string what)
        {
            if (!Hold)
            {
                return what;
            }

            Interlocked.Increment(ref _started);
            if (Thread.CurrentThread.IsThreadPoolThread)
            {
                Interlocked.Increment(ref _onThreadPool);
            }

            var now = Interlocked.Increment(ref _running);
            int most;
            while (now > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, now, most) != most)
            {
            }

            _release.Wait();
            Interlocked.Decrement(ref _running);
            return what;
        }
    }

    [Fact]
    public async Task A_burst_of_hashes_runs_off_the_thread_pool_and_at_most_the_cap_at_once()
    {
        var hasher = new WatchingHasher();
        var hashing = new PasswordHashing(hasher);
        hasher.Hold = true;
        var cap = 2 * Environment.ProcessorCount;

        var burst = Enumerable.Range(0, 3 * cap).Select(i => i % 2 == 0 ? hashing.HashAsync("pw") : (Task)hashing.VerifyAsync("stored", "pw")).ToList();
        while (hasher.Started < cap)
        {
            await Task.Delay(10);
        }

        Assert.Equal(cap, hasher.Started); // the rest wait for a slot, holding no thread
        hasher.ReleaseAll();
        await Task.WhenAll(burst);

        Assert.Equal(3 * cap, hasher.Started);
        Assert.Equal(cap, hasher.MostAtOnce);
        Assert.Equal(0, hasher.OnThreadPool);
    }
}
