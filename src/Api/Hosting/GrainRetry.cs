using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OrleansSessions.Api.Hosting;

/// <summary>
/// Retries grain calls that are safe to repeat (reads, and revokes whose answer is not reported) while the cluster
/// routes around a silo that just died: until membership declares it dead, calls to grains that lived on it are
/// rejected or go unanswered. An attempt gets two seconds; the whole call gets ten. Storage failures are not
/// retried: they are a 503 at once.
/// </summary>
public sealed class GrainRetry
{
    /// <summary>How long one request may wait for the cluster to route around a failed silo.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may go unanswered before it is abandoned and tried again.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddTimeout(new TimeoutStrategyOptions { Timeout = Budget })
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => IsTransient(e) || e is TimeoutRejectedException),
            MaxRetryAttempts = int.MaxValue,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Constant,
            UseJitter = true,
        })
        .AddTimeout(new TimeoutStrategyOptions { Timeout = AttemptTimeout })
        .Build();

    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        try
        {
            // A grain call takes no token: an attempt that times out is abandoned (its answer, if any, is ignored).
            return await _pipeline.ExecuteAsync(async token => await call().WaitAsync(token), cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException("The cluster did not answer within the retry budget.", ex);
        }
    }

    /// <summary>Failures of the path to a silo, not of the grain or its storage.</summary>
    public static bool IsTransient(Exception exception) => exception is
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or ClientNotAvailableException;
}
