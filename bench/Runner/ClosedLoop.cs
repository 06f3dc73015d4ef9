using System.Diagnostics;

namespace OrleansSessions.Bench;

/// <summary>Workers that each repeat one operation for a fixed time; operations per second over all of them.</summary>
public static class ClosedLoop
{
    public static async Task<double> RunAsync(int workers, TimeSpan duration, Func<int, Task> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            var count = 0;
            while (stopwatch.Elapsed < duration)
            {
                await operation(worker);
                count++;
            }

            return count;
        }));
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }
}
