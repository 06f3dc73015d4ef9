using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansSessions.Api.Hosting;

namespace OrleansSessions.UnitTests;

/// <summary>Which failures a retry-safe grain call (a read, a sign-in with its chosen session) is sent again for.</summary>
public sealed class GrainRetryTests
{
    [Fact]
    public void A_call_refused_or_lost_on_the_way_to_a_silo_is_sent_again()
    {
        // Orleans makes rejections itself (their constructors are not public).
        var rejected = (Exception)RuntimeHelpers.GetUninitializedObject(typeof(OrleansMessageRejectionException));
        Assert.True(GrainRetry.IsTransient(rejected));
        Assert.True(GrainRetry.IsTransient(new GatewayTooBusyException()));
        Assert.True(GrainRetry.IsTransient(new SiloUnavailableException("the silo stopped with the call in flight")));
        Assert.True(GrainRetry.IsTransient(new TimeoutException("no answer")));
        // What a gateway sends back when it cannot place or address a call while a silo leaves (Orleans' own words).
        Assert.True(GrainRetry.IsTransient(new OperationCanceledException("Message expired before placement could complete for grain user-sessions/3.")));
        Assert.True(GrainRetry.IsTransient(new OrleansException("Current directory at S1 is not stable to perform the lookup for grainId user/3 "
            + "(it maps to S2, which is not a valid silo). Retry later.")));
    }

    [Fact]
    public void A_failure_of_the_grain_or_its_store_is_not_sent_again()
    {
        Assert.False(GrainRetry.IsTransient(new InvalidOperationException()));
        Assert.False(GrainRetry.IsTransient(new Orleans.Storage.InconsistentStateException("another copy wrote")));
        // Orleans wraps a store's own exception in a plain OrleansException: Redis down is a 503 at once, not ten seconds of retries.
        Assert.False(GrainRetry.IsTransient(new OrleansException("Error from storage provider RedisGrainStorage.Default during ReadState",
            new Orleans.Persistence.Redis.RedisStorageException("No connection is active/available"))));
        Assert.False(GrainRetry.IsTransient(new Orleans.Storage.BadProviderConfigException("no such store")));
    }

    [Fact]
    public async Task A_call_that_succeeds_is_made_once()
    {
        var calls = 0;
        await Retry.RunAsync(() =>
        {
            calls++;
            return Task.CompletedTask;
        });

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_transient_failure_of_the_first_attempt_is_sent_again_until_it_succeeds()
    {
        var calls = 0;
        await Retry.RunAsync(() => ++calls switch
        {
            1 => Task.FromException(new TimeoutException("no answer")),
            2 => Task.FromException(new GatewayTooBusyException()),
            _ => Task.CompletedTask,
        });

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_reaches_the_caller_at_once()
    {
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Retry.RunAsync(() =>
        {
            calls++;
            return Task.FromException(new InvalidOperationException("the grain refused"));
        }));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_retry_that_fails_otherwise_reaches_the_caller_with_that_failure()
    {
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Retry.RunAsync(() => ++calls == 1
            ? Task.FromException(new TimeoutException("no answer"))
            : Task.FromException(new InvalidOperationException("the grain refused"))));

        Assert.Equal(2, calls);
    }

    private static GrainRetry Retry => new(NullLogger<GrainRetry>.Instance);
}
