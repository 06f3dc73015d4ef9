using System.Diagnostics;
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
public sealed partial class GrainRetry(ILogger<GrainRetry> logger)
{
    /// <summary>How long one request may wait for the cluster to route around a failed silo.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private static readonly ResiliencePropertyKey<string> Operation = new("grain-method");

    /// <summary>What is left of <see cref="Budget"/> when the retries begin (the first attempt took the rest).</summary>
    private static readonly ResiliencePropertyKey<TimeSpan> RemainingBudget = new("remaining-budget");

    private readonly ResiliencePipeline _pipeline = Pipeline(logger);

    /// <summary>
    /// Runs <paramref name="call"/> (an attempt of <paramref name="operation"/>), sending it again after a transient
    /// failure. The first attempt runs bare (nearly every call succeeds at once, and the pipeline costs a timer and
    /// several tasks per call); the pipeline takes over from its failure, with what is left of the budget.
    /// </summary>
    public async Task RunAsync(Func<Task> call, string operation = "grain call", CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        Exception firstFailure;
        try
        {
            await call();
            return;
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            firstFailure = ex;
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Operation, operation);
        context.Properties.Set(RemainingBudget, Budget - Stopwatch.GetElapsedTime(started));
        try
        {
            // The pipeline's first attempt is the failure already seen: it is logged and waited on like any other.
            var attempts = new Attempts(call, firstFailure);
            await _pipeline.ExecuteAsync(static async (_, attempts) => await attempts.NextAsync(), context, attempts);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException("The cluster did not answer within the retry budget.", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The attempts the pipeline makes: the first fails as the bare attempt did, the others call again.</summary>
    private sealed class Attempts(Func<Task> call, Exception firstFailure)
    {
        private Exception? _firstFailure = firstFailure;

        public Task NextAsync()
        {
            if (_firstFailure is { } failure)
            {
                _firstFailure = null;
                return Task.FromException(failure);
            }

            return call();
        }
    }

    /// <summary>Retries (within the budget, every 200 ms with jitter) the transient failures, each one logged.</summary>
    private static ResiliencePipeline Pipeline(ILogger logger) => new ResiliencePipelineBuilder()
        .AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(RemainingBudget, Budget) is var left && left > TimeSpan.Zero
                ? left
                : TimeSpan.FromMilliseconds(1)),
        })
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = int.MaxValue,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Constant,
            UseJitter = true,
            OnRetry = args =>
            {
                LogRetry(logger, args.Context.Properties.GetValue(Operation, "grain call"), args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending {Operation} again after {ExceptionType} (attempt {Attempt} failed)")]
    private static partial void LogRetry(ILogger logger, string operation, string? exceptionType, int attempt);

    /// <summary>
    /// Failures of the path to a silo, not of the grain or its storage:
    /// <list type="bullet">
    /// <item>a rejected or undeliverable message;</item>
    /// <item>no answer within the response timeout (Orleans reports that as a plain <see cref="TimeoutException"/>; a
    /// store's timeout is a subclass of it and is not retried);</item>
    /// <item>a call whose message expired while the gateway was still placing its grain, as silos leave
    /// (<see cref="OperationCanceledException"/>: "Message expired before placement could complete"; grain calls here
    /// take no cancellation token, so nothing else cancels them);</item>
    /// <item>a gateway that could not address the call while silos join or leave: a plain <see cref="OrleansException"/>
    /// of its own, such as "directory ... is not stable ... Retry later". A store's failure also reaches the caller as a
    /// plain one, but always wrapped around the store's own exception, so it is not retried.</item>
    /// </list>
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or ClientNotAvailableException
            or OperationCanceledException
        || exception.GetType() == typeof(TimeoutException)
        || (exception.GetType() == typeof(OrleansException) && exception.InnerException is null);
}
