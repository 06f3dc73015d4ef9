using Microsoft.AspNetCore.Http;
using Orleans.Storage;
using OrleansSessions.Api.Problems;
using StackExchange.Redis;

namespace OrleansSessions.UnitTests;

/// <summary>Which exceptions reach a client as 503 <c>store_unavailable</c>, which as a 400, and which as a 500.</summary>
public sealed class ProblemClassificationTests
{
    public static TheoryData<Exception> StoreFailures() => new()
    {
        new RedisConnectionException(ConnectionFailureType.SocketFailure, "No connection is active/available"),
        new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent),
        new InconsistentStateException("another copy wrote"),
        new TimeoutException("no answer"),
        new SiloUnavailableException("the silo stopped"),
        new AggregateException(new InvalidOperationException("first"), new RedisTimeoutException("second", CommandStatus.Sent)),
        new InvalidOperationException("wrapper", new RedisConnectionException(ConnectionFailureType.UnableToConnect, "refused")),
    };

    [Theory]
    [MemberData(nameof(StoreFailures))]
    public void A_store_or_cluster_out_of_reach_is_503_store_unavailable(Exception failure) =>
        Assert.Equal(ErrorCodes.StoreUnavailable, ProblemExceptionHandler.Classify(failure).Code);

    [Fact]
    public void Unreadable_input_is_a_validation_problem_and_anything_else_an_internal_error()
    {
        Assert.Equal(ErrorCodes.ValidationFailed, ProblemExceptionHandler.Classify(new BadHttpRequestException("bad")).Code);
        Assert.Equal(ErrorCodes.PayloadTooLarge, ProblemExceptionHandler.Classify(new BadHttpRequestException("big", StatusCodes.Status413PayloadTooLarge)).Code);
        Assert.Equal(ErrorCodes.InternalError, ProblemExceptionHandler.Classify(new InvalidOperationException("a bug")).Code);
    }
}
