using OrleansSessions.Abstractions.Revocation;

namespace OrleansSessions.UnitTests;

/// <summary>The inequalities the guarantee of <see cref="SessionCacheProtocol"/> rests on (its remarks say why each).</summary>
public sealed class SessionCacheProtocolTests
{
    [Fact]
    public void A_cached_entry_ends_before_the_lease_a_revoker_waits_out()
    {
        Assert.True(SessionCacheProtocol.EntryLifetime + SessionCacheProtocol.SafetyMargin
            <= SessionCacheProtocol.LeaseLength - SessionCacheProtocol.RenewEvery - SessionCacheProtocol.RenewTimeout);
    }

    [Fact]
    public void An_ended_session_is_refused_longer_than_a_late_answer_could_keep_it()
    {
        Assert.True(SessionCacheProtocol.RevokedMemory >= SessionCacheProtocol.EntryLifetime);
    }

    [Fact]
    public void A_healthy_node_renews_before_its_lease_runs_out()
    {
        Assert.True(SessionCacheProtocol.RenewEvery + SessionCacheProtocol.RenewTimeout
            < SessionCacheProtocol.LeaseLength - SessionCacheProtocol.SafetyMargin);
        Assert.True(SessionCacheProtocol.SafetyMargin > TimeSpan.Zero);
    }

    [Fact]
    public void A_revoke_waits_for_acknowledgements_no_longer_than_a_lease()
    {
        Assert.True(SessionCacheProtocol.AckTimeout < SessionCacheProtocol.LeaseLength);
    }
}
