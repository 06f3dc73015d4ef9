using System.Runtime.CompilerServices;
using OrleansSessions.Api.Hosting;

namespace OrleansSessions.UnitTests;

/// <summary>Which failures a grain call is sent again for: lost on the way (reads), or refused before it ran (sign-ins).</summary>
public sealed class GrainRetryTests
{
    [Fact]
    public void A_call_refused_before_it_ran_may_be_sent_again()
    {
        // Orleans makes rejections itself (their constructors are not public).
        var rejected = (Exception)RuntimeHelpers.GetUninitializedObject(typeof(OrleansMessageRejectionException));
        Assert.True(GrainRetry.IsRefused(rejected));
        Assert.True(GrainRetry.IsRefused(new GatewayTooBusyException()));
    }

    [Fact]
    public void A_call_that_may_have_run_is_not_sent_again_when_only_refusals_are_retried()
    {
        Assert.False(GrainRetry.IsRefused(new SiloUnavailableException("the silo died with the call in flight")));
        Assert.False(GrainRetry.IsRefused(new TimeoutException("no answer")));
        Assert.False(GrainRetry.IsRefused(new InvalidOperationException()));
        Assert.True(GrainRetry.IsTransient(new TimeoutException("no answer"))); // a read is sent again after a lost answer
    }
}
