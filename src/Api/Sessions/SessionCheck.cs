using System.Diagnostics;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Caching;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.Problems;
using OrleansSessions.Grains.Telemetry;

namespace OrleansSessions.Api.Sessions;

/// <summary>
/// The one answer to "is this token's session alive", for the bearer handler and introspection alike: this node's
/// <see cref="SessionCache"/> when it may answer, otherwise the user's grain (whose calls the retry filter repeats
/// while a silo fails over), and the answer recorded in the cache and the validation metrics. The hot path of every
/// authenticated request: a cache hit completes synchronously and allocates nothing.
/// </summary>
public sealed partial class SessionCheck(IGrainFactory grains, SessionCache cache, SessionMetrics metrics, ILogger<SessionCheck> logger)
{
    /// <summary>The session's status; <paramref name="userId"/> and <paramref name="sessionId"/> come from a verified token.</summary>
    public ValueTask<SessionCheckResult> CheckAsync(string userId, string sessionId)
    {
        var started = Stopwatch.GetTimestamp();
        if (cache.IsActive(sessionId))
        {
            metrics.Validated("cached", Stopwatch.GetElapsedTime(started));
            return ValueTask.FromResult(SessionCheckResult.Active);
        }

        return AskGrainAsync(userId, sessionId, started);
    }

    /// <summary>
    /// The session's status and, while active, what introspection reports of it (client, custom claims, last proof of
    /// identity), always from its grain: custom claims change (<c>PATCH</c> by a backend) without ending the session,
    /// so this node's cache, which only knows "active", cannot answer for them. Null when the store did not answer.
    /// </summary>
    public async Task<SessionDescription?> DescribeAsync(string userId, string sessionId)
    {
        var started = Stopwatch.GetTimestamp();
        var askedAt = cache.Timestamp();
        SessionDescription description;
        try
        {
            description = await grains.UserSessions(userId).Describe(sessionId);
        }
        catch (Exception ex) when (ProblemExceptionHandler.Classify(ex).Code == ErrorCodes.StoreUnavailable)
        {
            metrics.Validated("unavailable", Stopwatch.GetElapsedTime(started));
            LogUnavailable(logger, ex.GetType().Name, userId, ex.Message);
            return null;
        }

        metrics.Validated(description.Status switch
        {
            SessionStatus.Active => "active",
            SessionStatus.Expired => "expired",
            _ => "revoked",
        }, Stopwatch.GetElapsedTime(started));
        if (description.Status == SessionStatus.Active)
        {
            cache.RememberActive(sessionId, askedAt);
        }

        return description;
    }

    private async ValueTask<SessionCheckResult> AskGrainAsync(string userId, string sessionId, long started)
    {
        var askedAt = cache.Timestamp();
        SessionStatus status;
        try
        {
            status = await grains.UserSessions(userId).Validate(sessionId);
        }
        catch (Exception ex) when (ProblemExceptionHandler.Classify(ex).Code == ErrorCodes.StoreUnavailable)
        {
            metrics.Validated("unavailable", Stopwatch.GetElapsedTime(started));
            LogUnavailable(logger, ex.GetType().Name, userId, ex.Message);
            return SessionCheckResult.StoreUnavailable;
        }

        switch (status)
        {
            case SessionStatus.Active:
                metrics.Validated("active", Stopwatch.GetElapsedTime(started));
                cache.RememberActive(sessionId, askedAt);
                return SessionCheckResult.Active;
            case SessionStatus.Expired:
                metrics.Validated("expired", Stopwatch.GetElapsedTime(started));
                return SessionCheckResult.Expired;
            default:
                metrics.Validated("revoked", Stopwatch.GetElapsedTime(started));
                return SessionCheckResult.Revoked;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The session of user {UserId} could not be checked ({ExceptionType}: {Reason})")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string userId, string reason);
}
