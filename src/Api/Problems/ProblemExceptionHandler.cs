using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Persistence.Redis;
using Orleans.Storage;
using StackExchange.Redis;

namespace OrleansSessions.Api.Problems;

/// <summary>
/// Turns exceptions into the contract's problems: unreadable input is 400/413 (never a 5xx), an unreachable
/// cluster or store is 503 <c>store_unavailable</c>, anything else a 500 without internals.
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (code, detail) = Classify(exception);
        if (code == ErrorCodes.StoreUnavailable)
        {
            LogStoreUnavailable(logger, exception.GetType().Name, context.Request.Path);
        }
        else if (code == ErrorCodes.InternalError)
        {
            LogUnexpected(logger, exception, context.Request.Path);
        }

        if (context.Response.HasStarted)
        {
            return false;
        }

        await ApiProblem.WriteAsync(context, code, detail);
        return true;
    }

    public static (string Code, string Detail) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            => (ErrorCodes.PayloadTooLarge, "The request body exceeds the allowed size."),
        BadHttpRequestException { InnerException: JsonException json } => (ErrorCodes.ValidationFailed, NotJson(json)),
        BadHttpRequestException bad when bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
            => (ErrorCodes.ValidationFailed, "The request needs a JSON body."), // the framework's text names its own parameter
        BadHttpRequestException bad => (ErrorCodes.ValidationFailed, bad.Message),
        JsonException json => (ErrorCodes.ValidationFailed, NotJson(json)),
        _ when IsUnavailable(exception) => (ErrorCodes.StoreUnavailable, "The session store did not answer in time."),
        _ => (ErrorCodes.InternalError, "An unexpected error occurred."),
    };

    /// <summary>
    /// What a JSON reading failure tells the caller: where it is, and what it is unless that is a value of the wrong type
    /// or a property sent twice, whose texts name the service's own .NET types.
    /// </summary>
    private static string NotJson(JsonException json) => json.Message switch
    {
        var message when message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            => $"The body is not valid JSON for this request: the value at {json.Path ?? "$"} has the wrong type.",
        var message when message.StartsWith("Duplicate property", StringComparison.Ordinal)
            => $"The body is not valid JSON for this request: a property is sent twice (at {json.Path ?? "$"}).",
        var message => $"The body is not valid JSON for this request: {message}",
    };

    private static bool IsUnavailable(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        OrleansException or TimeoutException or RedisException or RedisStorageException or InconsistentStateException
            or OperationCanceledException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store or cluster unavailable ({ExceptionType}) serving {Path}")]
    private static partial void LogStoreUnavailable(ILogger logger, string exceptionType, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, PathString path);
}
