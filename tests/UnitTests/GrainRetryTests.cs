using System.Runtime.CompilerServices;
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
    }

    [Fact]
    public void A_failure_of_the_grain_or_its_store_is_not_sent_again()
    {
        Assert.False(GrainRetry.IsTransient(new InvalidOperationException()));
        Assert.False(GrainRetry.IsTransient(new Orleans.Storage.InconsistentStateException("another copy wrote")));
    }
}
