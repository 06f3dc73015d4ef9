using Orleans.Runtime.Messaging;
using OrleansSessions.Abstractions.Calls;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OrleansSessions.Api.Hosting;

/// <summary>
/// Retries grain calls that are safe to repeat (reads, revokes whose answer is not reported, and sign-ins, which carry
/// the id of the session they open; applied by <see cref="GrainRetryFilter"/>) while the cluster routes around a silo
/// that stops or just died: until membership declares it dead, calls to grains that lived on it are rejected or go
/// unanswered. An attempt gets the method's own response timeout (<see cref="RetrySafeAttribute"/> reads declare two
/// seconds, sign-ins fifteen); the whole call gets ten.
/// Storage failures are not retried: they are a 503 at once.
/// </summary>
public sealed class GrainRetry
{
    /// <summary>How long one request may wait for the cluster to route around a failed silo.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private readonly ResiliencePipeline _pipeline = Pipeline(IsTransient);

    public Task RunAsync(Func<Task> call, CancellationToken cancellationToken = default) => RunAsync(_pipeline, call, cancellationToken);

    /// <summary>Retries (within the budget, every 200 ms with jitter) the failures <paramref name="retried"/> picks.</summary>
    private static ResiliencePipeline Pipeline(Func<Exception, bool> retried) => new ResiliencePipelineBuilder()
        .AddTimeout(new TimeoutStrategyOptions { Timeout = Budget })
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle(retried),
            MaxRetryAttempts = int.MaxValue,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Constant,
            UseJitter = true,
        })
        .Build();

    private static async Task RunAsync(ResiliencePipeline pipeline, Func<Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await pipeline.ExecuteAsync(async _ => await call(), cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException("The cluster did not answer within the retry budget.", ex);
        }
    }

    /// <summary>
    /// Failures of the path to a silo, not of the grain or its storage: a rejected or undeliverable message, or no
    /// answer within the response timeout (Orleans reports that as a plain <see cref="TimeoutException"/>; a store's
    /// timeout is a subclass of it and is not retried).
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or ClientNotAvailableException
        || exception.GetType() == typeof(TimeoutException);
}
