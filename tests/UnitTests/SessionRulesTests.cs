using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary>The session rules on their own: sessions built by hand, a fixed clock, no book.</summary>
public sealed class SessionRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static SessionPolicy Policy(Action<SessionPolicy>? configure = null)
    {
        var policy = new SessionPolicy();
        configure?.Invoke(policy);
        return policy;
    }

    private static StoredSession Session(string id, DateTimeOffset createdAt, bool rememberMe = false, string secret = "secret-1") =>
        SessionRules.NewSession(id, secret, createdAt, rememberMe, "10.0.0.1", "agent", new DeviceInfo("desktop", "Linux", "Firefox", "fp"));

    /// <summary>The session after activity at <paramref name="at"/>, as a validation applies it.</summary>
    private static StoredSession ActiveAt(StoredSession session, DateTimeOffset at) => SessionRules.WithActivity(session, at) ?? session;

    private static IEnumerable<string> Ids(LoginAdmission admission) => admission.Evicted.Select(s => s.Id);

    [Fact]
    public void A_new_session_is_first_generation_active_since_its_creation_and_keeps_only_the_hash_of_its_secret()
    {
        var session = SessionRules.NewSession("s1", "the-secret", T0, rememberMe: true, "10.0.0.1", "agent", null);

        Assert.Equal(("s1", T0, T0, 1), (session.Id, session.CreatedAt, session.LastActivity, session.Generation));
        Assert.True(session.RememberMe);
        Assert.Equal(SecureTokens.Hash("the-secret"), session.RefreshHash);
        Assert.Null(session.PreviousRefreshHash);
        Assert.Null(session.RotatedAt);
        Assert.DoesNotContain("the-secret", session.ToString());
    }

    [Fact]
    public void Below_the_limit_a_login_is_admitted_and_evicts_nothing()
    {
        var admission = SessionRules.Admit(Policy(p => p.MaxPerUser = 3), [Session("a", T0), Session("b", T0)]);

        Assert.False(admission.Refused);
        Assert.Empty(admission.Evicted);
    }

    [Fact]
    public void Evict_oldest_at_the_limit_evicts_exactly_the_earliest_created()
    {
        var first = Session("c", T0);
        var admission = SessionRules.Admit(
            Policy(p => p.MaxPerUser = 3), [Session("a", T0.AddMinutes(1)), first, Session("b", T0.AddMinutes(2))]);

        Assert.False(admission.Refused);
        Assert.Equal(["c"], Ids(admission));
    }

    [Fact]
    public void Evict_oldest_goes_by_creation_not_by_activity()
    {
        var first = ActiveAt(Session("first", T0), T0.AddMinutes(2)); // the oldest is the most recently active
        var second = Session("second", T0.AddMinutes(1));

        var admission = SessionRules.Admit(Policy(p => p.MaxPerUser = 2), [second, first]);

        Assert.Equal(["first"], Ids(admission));
    }

    [Fact]
    public void Evict_oldest_breaks_a_tie_in_creation_time_by_the_lowest_id()
    {
        var sameTime = new[] { Session("Qb", T0), Session("Qa", T0), Session("Qc", T0) };

        var admission = SessionRules.Admit(Policy(p => p.MaxPerUser = 3), sameTime);

        Assert.Equal([sameTime.Select(s => s.Id).Min(StringComparer.Ordinal)!], Ids(admission));
    }

    [Fact]
    public void Evict_oldest_evicts_every_surplus_session_when_the_limit_was_lowered()
    {
        var opened = Enumerable.Range(0, 4).Select(i => Session($"s{i}", T0.AddMinutes(i))).Reverse().ToList();

        var admission = SessionRules.Admit(Policy(p => p.MaxPerUser = 2), opened);

        Assert.False(admission.Refused);
        Assert.Equal(["s0", "s1", "s2"], Ids(admission));
    }

    [Fact]
    public void Reject_new_at_the_limit_refuses_the_login_and_evicts_nothing()
    {
        var policy = Policy(p => { p.MaxPerUser = 2; p.LimitPolicy = LimitPolicy.RejectNew; });

        var admission = SessionRules.Admit(policy, [Session("a", T0), Session("b", T0)]);

        Assert.True(admission.Refused);
        Assert.Empty(admission.Evicted);
        Assert.False(SessionRules.Admit(policy, [Session("a", T0)]).Refused);
    }

    [Fact]
    public void Idle_timeout_expires_a_session_without_activity_and_activity_slides_it()
    {
        var policy = Policy();
        var idle = Session("idle", T0);
        var busy = Session("busy", T0);

        Assert.False(SessionRules.IsExpired(policy, busy, T0.AddMinutes(50)));
        busy = ActiveAt(busy, T0.AddMinutes(50));
        var later = T0.AddMinutes(61);

        Assert.True(SessionRules.IsExpired(policy, idle, later));
        Assert.Equal(ExpiryReason.Idle, SessionRules.ExpiryReasonAt(policy, idle, later));
        Assert.False(SessionRules.IsExpired(policy, busy, later));
        Assert.Equal(ExpiryReason.NotExpired, SessionRules.ExpiryReasonAt(policy, busy, later));
    }

    [Fact]
    public void Absolute_lifetime_ends_even_a_busy_session()
    {
        var policy = Policy();
        var session = Session("s", T0);
        for (var at = T0; at < T0.AddHours(24); at = at.AddMinutes(30))
        {
            Assert.False(SessionRules.IsExpired(policy, session, at));
            session = ActiveAt(session, at);
        }

        Assert.True(SessionRules.IsExpired(policy, session, T0.AddHours(24)));
        Assert.Equal(ExpiryReason.Absolute, SessionRules.ExpiryReasonAt(policy, session, T0.AddHours(24)));
    }

    [Fact]
    public void Remember_me_has_no_idle_timeout_and_lives_its_own_lifetime()
    {
        var policy = Policy();
        var session = Session("s", T0, rememberMe: true);

        Assert.Equal(T0.AddDays(30), SessionRules.ExpiresAt(policy, session));
        Assert.False(SessionRules.IsExpired(policy, session, T0.AddDays(29)));
        Assert.True(SessionRules.IsExpired(policy, session, T0.AddDays(30)));
        Assert.Equal(ExpiryReason.Absolute, SessionRules.ExpiryReasonAt(policy, session, T0.AddDays(30)));
    }

    [Fact]
    public void Expires_at_is_the_earlier_of_idle_and_absolute()
    {
        var policy = Policy();
        var session = Session("s", T0);
        Assert.Equal(T0.AddHours(1), SessionRules.ExpiresAt(policy, session));

        for (var at = T0; at <= T0.AddHours(23).AddMinutes(30); at = at.AddMinutes(30))
        {
            Assert.False(SessionRules.IsExpired(policy, session, at));
            session = ActiveAt(session, at);
        }

        Assert.Equal(T0.AddHours(24), SessionRules.ExpiresAt(policy, session));
    }

    [Fact]
    public void The_expiry_reason_is_the_deadline_that_came_first_and_absolute_when_both_fall_together()
    {
        var policy = Policy(p => { p.IdleTimeout = TimeSpan.FromHours(1); p.AbsoluteLifetime = TimeSpan.FromHours(2); });
        var idle = Session("s", T0);

        Assert.Equal(ExpiryReason.NotExpired, SessionRules.ExpiryReasonAt(policy, idle, T0.AddMinutes(59)));
        Assert.Equal(ExpiryReason.Idle, SessionRules.ExpiryReasonAt(policy, idle, T0.AddHours(1)));
        Assert.Equal(ExpiryReason.Idle, SessionRules.ExpiryReasonAt(policy, idle, T0.AddHours(3))); // idle came first

        var both = ActiveAt(idle, T0.AddHours(1)); // idle and absolute deadline now both at T0 + 2 h
        Assert.Equal(T0.AddHours(2), SessionRules.ExpiresAt(policy, both));
        Assert.Equal(ExpiryReason.Absolute, SessionRules.ExpiryReasonAt(policy, both, T0.AddHours(2)));
    }

    [Fact]
    public void Activity_moves_forward_only()
    {
        var session = Session("s", T0);

        Assert.Null(SessionRules.WithActivity(session, T0));
        Assert.Null(SessionRules.WithActivity(session, T0.AddMinutes(-1)));
        var active = SessionRules.WithActivity(session, T0.AddMinutes(5));
        Assert.Equal(T0.AddMinutes(5), active!.LastActivity);
        Assert.Equal(session with { LastActivityMs = active.LastActivityMs }, active);
    }

    [Fact]
    public void Refresh_with_the_current_secret_rotates_and_a_rotation_is_activity()
    {
        var policy = Policy();
        var session = Session("s", T0, secret: "first");

        Assert.Equal(RefreshVerdict.Rotate, SessionRules.JudgeRefresh(policy, session, 1, "first", T0.AddMinutes(10)));
        var rotated = SessionRules.Rotated(session, "second", T0.AddMinutes(10));

        Assert.Equal("s", rotated.Id);
        Assert.Equal(2, rotated.Generation);
        Assert.Equal(SecureTokens.Hash("second"), rotated.RefreshHash);
        Assert.Equal(session.RefreshHash, rotated.PreviousRefreshHash);
        Assert.Equal(T0.AddMinutes(10), rotated.RotatedAt);
        Assert.Equal(T0.AddMinutes(70), SessionRules.ExpiresAt(policy, rotated)); // refresh is activity
        Assert.Equal(RefreshVerdict.Rotate, SessionRules.JudgeRefresh(policy, rotated, 2, "second", T0.AddMinutes(11)));
    }

    [Fact]
    public void A_rotation_never_moves_activity_back()
    {
        var session = ActiveAt(Session("s", T0, secret: "first"), T0.AddMinutes(20));

        var rotated = SessionRules.Rotated(session, "second", T0.AddMinutes(10));

        Assert.Equal(T0.AddMinutes(20), rotated.LastActivity);
    }

    [Fact]
    public void Presenting_a_rotated_away_secret_is_reuse()
    {
        var policy = Policy();
        var rotated = SessionRules.Rotated(Session("s", T0, secret: "first"), "second", T0.AddMinutes(1));

        Assert.Equal(RefreshVerdict.Reused, SessionRules.JudgeRefresh(policy, rotated, 1, "first", T0.AddMinutes(1)));
        Assert.Equal(RefreshVerdict.Reused, SessionRules.JudgeRefresh(policy, rotated, 1, "first", T0.AddMinutes(2)));
    }

    [Fact]
    public void Any_earlier_generation_is_reuse_whatever_its_age_and_a_later_one_is_invalid()
    {
        var policy = Policy(p => p.RefreshReuseGrace = TimeSpan.FromSeconds(10));
        var third = SessionRules.Rotated(SessionRules.Rotated(Session("s", T0, secret: "first"), "second", T0.AddMinutes(1)), "third", T0.AddMinutes(2));

        // The first token, two rotations back, within the grace window of the last rotation: still reuse.
        Assert.Equal(RefreshVerdict.Reused, SessionRules.JudgeRefresh(policy, third, 1, "first", T0.AddMinutes(2).AddSeconds(1)));
        Assert.Equal(RefreshVerdict.WithinGrace, SessionRules.JudgeRefresh(policy, third, 2, "second", T0.AddMinutes(2).AddSeconds(1)));
        Assert.Equal(RefreshVerdict.Reused, SessionRules.JudgeRefresh(policy, third, 2, "second", T0.AddMinutes(3)));
        Assert.Equal(RefreshVerdict.Rotate, SessionRules.JudgeRefresh(policy, third, 3, "third", T0.AddMinutes(3)));
        Assert.Equal(RefreshVerdict.Invalid, SessionRules.JudgeRefresh(policy, third, 3, "second", T0.AddMinutes(3)));
        Assert.Equal(RefreshVerdict.Invalid, SessionRules.JudgeRefresh(policy, third, 4, "third", T0.AddMinutes(3)));
    }

    [Fact]
    public void Within_the_grace_window_a_rotated_away_secret_is_a_duplicate_and_after_it_reuse()
    {
        var policy = Policy(p => p.RefreshReuseGrace = TimeSpan.FromSeconds(10));
        var rotated = SessionRules.Rotated(Session("s", T0, secret: "first"), "second", T0.AddMinutes(1));

        Assert.Equal(RefreshVerdict.WithinGrace, SessionRules.JudgeRefresh(policy, rotated, 1, "first", T0.AddMinutes(1).AddSeconds(5)));
        Assert.Equal(RefreshVerdict.WithinGrace, SessionRules.JudgeRefresh(policy, rotated, 1, "first", T0.AddMinutes(1).AddSeconds(10)));
        Assert.Equal(RefreshVerdict.Reused, SessionRules.JudgeRefresh(policy, rotated, 1, "first", T0.AddMinutes(1).AddSeconds(11)));
        Assert.True(SessionRules.HasReuseGrace(policy));
        Assert.False(SessionRules.HasReuseGrace(Policy()));
    }

    [Fact]
    public void Refresh_of_an_expired_session_or_with_a_wrong_secret_is_refused()
    {
        var policy = Policy();
        var session = Session("s", T0, secret: "first");

        Assert.Equal(RefreshVerdict.Invalid, SessionRules.JudgeRefresh(policy, session, 1, "not-the-secret", T0.AddMinutes(1)));
        Assert.Equal(RefreshVerdict.Expired, SessionRules.JudgeRefresh(policy, session, 1, "first", T0.AddHours(3)));
        Assert.Equal(RefreshVerdict.Expired, SessionRules.JudgeRefresh(policy, session, 1, "not-the-secret", T0.AddHours(3)));

        var rotated = SessionRules.Rotated(session, "second", T0.AddMinutes(1));
        Assert.Equal(RefreshVerdict.Invalid, SessionRules.JudgeRefresh(policy, rotated, 2, "not-the-secret", T0.AddMinutes(2)));
    }

    [Fact]
    public void Client_supplied_text_is_bounded()
    {
        var huge = new string('x', 10_000);
        var fits = new string('y', SessionRules.MaxClientTextLength);

        Assert.Equal(512, SessionRules.ClientText(huge)!.Length);
        Assert.Same(fits, SessionRules.ClientText(fits));
        Assert.Null(SessionRules.ClientText(null));
        Assert.Equal(new DeviceInfo(huge[..512], null, "Firefox", huge[..512]), SessionRules.ClientDevice(new DeviceInfo(huge, null, "Firefox", huge)));
        Assert.Null(SessionRules.ClientDevice(null));
    }
}
