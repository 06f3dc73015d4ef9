using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.UnitTests;

/// <summary>
/// The book applying the rules to one user's sessions (what ends, what is reported, what is remembered) and its
/// bookkeeping: unsaved changes and activity, snapshots and rollback, the tally, what is written to the state.
/// The rules' own decisions are in <see cref="SessionRulesTests"/>.
/// </summary>
public sealed class SessionBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly UserIdentity Identity = new("user@example.com", []);

    private static SessionBook Book(Action<SessionPolicy>? configure = null)
    {
        var policy = new SessionPolicy();
        configure?.Invoke(policy);
        return new SessionBook(policy, new UserSessionsState());
    }

    private static NewSessionRequest Request(bool rememberMe = false) =>
        new(rememberMe, "10.0.0.1", "agent", new DeviceInfo("desktop", "Linux", "Firefox", "fp"), Identity);

    private static IssuedTokens Open(SessionBook book, DateTimeOffset at, bool rememberMe = false) =>
        book.Open(Request(rememberMe), at).Tokens ?? throw new InvalidOperationException("limit reached");

    [Fact]
    public void Open_issues_distinct_unguessable_url_safe_ids_and_secrets()
    {
        var book = Book();
        var a = Open(book, T0);
        var b = Open(book, T0);

        Assert.NotEqual(a.SessionId, b.SessionId);
        Assert.Equal(22, a.SessionId.Length); // 128 bits, base64url
        Assert.True(RefreshTokenFormat.IsUrlSafe(a.SessionId));
        Assert.True(RefreshTokenFormat.IsUrlSafe(a.RefreshSecret));
        Assert.Equal(43, a.RefreshSecret.Length); // 256 bits, base64url
        Assert.NotEqual(a.RefreshSecret, b.RefreshSecret);
        Assert.Equal(1, a.Generation);
        Assert.Equal(Identity, a.Identity);
        Assert.True(book.HasUnsavedChanges);
    }

    [Fact]
    public void Refresh_token_secret_is_stored_only_as_a_hash()
    {
        var state = new UserSessionsState();
        var book = new SessionBook(new SessionPolicy(), state);
        var tokens = book.Open(Request(), T0).Tokens!;
        var secret = tokens.RefreshSecret;

        book.WriteTo(state);
        var stored = state.Sessions.Single(s => s.Id == tokens.SessionId);
        Assert.Equal(SecureTokens.Hash(secret), stored.RefreshHash);
        Assert.DoesNotContain(secret, stored.ToString());
    }

    [Fact]
    public void Next_expiry_is_the_earliest_end_of_any_session()
    {
        var book = Book();
        Assert.Null(book.NextExpiry());
        Open(book, T0, rememberMe: true);
        var idle = Open(book, T0.AddMinutes(10));

        Assert.Equal(T0.AddMinutes(10) + new SessionPolicy().IdleTimeout, book.NextExpiry());

        book.Revoke(idle.SessionId, T0.AddMinutes(11));
        Assert.Equal(T0 + new SessionPolicy().RememberMeLifetime, book.NextExpiry());
    }

    [Fact]
    public void Evict_oldest_keeps_exactly_the_limit_and_revokes_and_reports_the_sessions_the_rules_evict()
    {
        var book = Book(p => p.MaxPerUser = 3);
        var first = Open(book, T0);
        var second = Open(book, T0.AddMinutes(1));
        Open(book, T0.AddMinutes(2));
        book.Validate(first.SessionId, T0.AddMinutes(2)); // the oldest is the most recently active

        var outcome = book.Open(Request(), T0.AddMinutes(3));

        Assert.NotNull(outcome.Tokens);
        Assert.Equal([first.SessionId], outcome.EvictedSessionIds);
        Assert.Equal(3, book.Count);
        Assert.Equal(SessionStatus.Revoked, book.Validate(first.SessionId, T0.AddMinutes(3)));
        Assert.Equal(SessionStatus.Active, book.Validate(second.SessionId, T0.AddMinutes(3)));
    }

    [Fact]
    public void Evict_oldest_removes_every_surplus_session_when_the_limit_was_lowered()
    {
        var state = new UserSessionsState();
        var wide = new SessionBook(new SessionPolicy { MaxPerUser = 4 }, state);
        var opened = Enumerable.Range(0, 4).Select(i => Open(wide, T0.AddMinutes(i))).ToList();
        wide.WriteTo(state);
        var book = new SessionBook(new SessionPolicy { MaxPerUser = 2 }, state);

        var outcome = book.Open(Request(), T0.AddMinutes(10));

        Assert.Equal(opened.Take(3).Select(t => t.SessionId), outcome.EvictedSessionIds);
        Assert.Equal(2, book.Count);
    }

    [Fact]
    public void Reject_new_refuses_the_login_and_keeps_every_session()
    {
        var book = Book(p => { p.MaxPerUser = 2; p.LimitPolicy = LimitPolicy.RejectNew; });
        var first = Open(book, T0);
        Open(book, T0);

        var outcome = book.Open(Request(), T0.AddMinutes(1));

        Assert.True(outcome.LimitReached);
        Assert.Empty(outcome.EvictedSessionIds);
        Assert.Equal(2, book.Count);
        Assert.Equal(SessionStatus.Active, book.Validate(first.SessionId, T0.AddMinutes(1)));
    }

    [Fact]
    public void Expired_sessions_do_not_count_against_the_limit()
    {
        var book = Book(p => { p.MaxPerUser = 1; p.LimitPolicy = LimitPolicy.RejectNew; });
        Open(book, T0);

        var outcome = book.Open(Request(), T0 + TimeSpan.FromHours(1));

        Assert.False(outcome.LimitReached);
        Assert.Equal(1, book.Count);
    }

    [Fact]
    public void Validation_ends_an_expired_session_and_remembers_it_as_expired_while_activity_keeps_another_alive()
    {
        var book = Book();
        var idle = Open(book, T0);
        var busy = Open(book, T0);

        Assert.Equal(SessionStatus.Active, book.Validate(busy.SessionId, T0.AddMinutes(50)));
        var later = T0.AddMinutes(61);

        Assert.Equal(SessionStatus.Expired, book.Validate(idle.SessionId, later));
        Assert.Equal(SessionStatus.Active, book.Validate(busy.SessionId, later));
        Assert.Equal(SessionStatus.Expired, book.Validate(idle.SessionId, later)); // remembered, not "revoked"
    }

    [Fact]
    public void Issued_tokens_and_listings_carry_the_expiry_the_rules_give()
    {
        var book = Book();
        var remembered = Open(book, T0, rememberMe: true);
        var tokens = Open(book, T0);

        Assert.Equal(T0.AddDays(30), remembered.SessionExpiresAt);
        Assert.Equal(T0.AddHours(1), tokens.SessionExpiresAt);

        for (var at = T0; at <= T0.AddHours(23).AddMinutes(30); at = at.AddMinutes(30))
        {
            Assert.Equal(SessionStatus.Active, book.Validate(tokens.SessionId, at));
        }

        Assert.Equal(T0.AddHours(24), book.List(T0.AddHours(23).AddMinutes(30)).Single(s => !s.RememberMe).ExpiresAt);
        Assert.Equal(SessionStatus.Expired, book.Validate(tokens.SessionId, T0.AddHours(24)));
        Assert.Equal(SessionStatus.Active, book.Validate(remembered.SessionId, T0.AddDays(29)));
        Assert.Equal(SessionStatus.Expired, book.Validate(remembered.SessionId, T0.AddDays(30)));
    }

    [Fact]
    public void Validation_records_activity_without_a_structural_change()
    {
        var book = Book();
        var tokens = Open(book, T0);
        book.MarkSaved();

        book.Validate(tokens.SessionId, T0.AddMinutes(5));

        Assert.False(book.HasUnsavedChanges);
        Assert.True(book.HasUnsavedActivity);
        Assert.Equal(T0.AddMinutes(5), book.List(T0.AddMinutes(5)).Single().LastActivity);
    }

    [Fact]
    public void Refresh_rotates_the_token_and_keeps_the_session()
    {
        var book = Book();
        var issued = Open(book, T0);

        var outcome = Refresh(book, issued, T0.AddMinutes(10));

        Assert.Equal(RefreshStatus.Rotated, outcome.Status);
        Assert.Equal(issued.SessionId, outcome.Tokens!.SessionId);
        Assert.NotEqual(issued.RefreshSecret, outcome.Tokens.RefreshSecret);
        Assert.Equal(2, outcome.Tokens.Generation);
        Assert.Equal(T0.AddMinutes(70), outcome.Tokens.SessionExpiresAt); // refresh is activity
    }

    [Fact]
    public void Reusing_a_rotated_refresh_token_revokes_the_whole_session()
    {
        var book = Book();
        var issued = Open(book, T0);
        var rotated = Refresh(book, issued, T0.AddMinutes(1)).Tokens!;

        var reuse = Refresh(book, issued, T0.AddMinutes(2));

        Assert.Equal(RefreshStatus.Reused, reuse.Status);
        Assert.Equal(SessionStatus.Revoked, book.Validate(issued.SessionId, T0.AddMinutes(2)));
        Assert.Equal(RefreshStatus.Invalid, Refresh(book, rotated, T0.AddMinutes(2)).Status);
    }

    [Fact]
    public void Reusing_any_earlier_refresh_token_revokes_the_whole_session()
    {
        var book = Book();
        var issued = Open(book, T0);
        var second = Refresh(book, issued, T0.AddMinutes(1)).Tokens!;
        var third = Refresh(book, second, T0.AddMinutes(2)).Tokens!;
        var fourth = Refresh(book, third, T0.AddMinutes(3)).Tokens!;

        var reuse = Refresh(book, issued, T0.AddMinutes(4));

        Assert.Equal(RefreshStatus.Reused, reuse.Status);
        Assert.Equal(SessionStatus.Revoked, book.Validate(issued.SessionId, T0.AddMinutes(4)));
        Assert.Equal(RefreshStatus.Invalid, Refresh(book, fourth, T0.AddMinutes(4)).Status);
        Assert.Equal(new SessionTally(Created: 1, Revoked: 1, Expired: 0, Evicted: 0), book.TakeTally());
    }

    [Fact]
    public void Within_the_grace_window_a_duplicate_refresh_gets_the_same_pair()
    {
        var book = Book(p => p.RefreshReuseGrace = TimeSpan.FromSeconds(10));
        var issued = Open(book, T0);
        var first = Refresh(book, issued, T0.AddMinutes(1)).Tokens!;

        var duplicate = Refresh(book, issued, T0.AddMinutes(1).AddSeconds(5));

        Assert.Equal(RefreshStatus.Rotated, duplicate.Status);
        Assert.Equal(first, duplicate.Tokens);
        Assert.Equal(SessionStatus.Active, book.Validate(issued.SessionId, T0.AddMinutes(1).AddSeconds(5)));
    }

    [Fact]
    public void After_the_grace_window_a_duplicate_refresh_is_theft()
    {
        var book = Book(p => p.RefreshReuseGrace = TimeSpan.FromSeconds(10));
        var issued = Open(book, T0);
        Refresh(book, issued, T0.AddMinutes(1));

        var late = Refresh(book, issued, T0.AddMinutes(1).AddSeconds(11));

        Assert.Equal(RefreshStatus.Reused, late.Status);
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Within_the_grace_window_a_duplicate_whose_pair_this_book_never_issued_is_theft()
    {
        var state = new UserSessionsState();
        var policy = new SessionPolicy { RefreshReuseGrace = TimeSpan.FromSeconds(10) };
        var book = new SessionBook(policy, state);
        var issued = Open(book, T0);
        Refresh(book, issued, T0.AddMinutes(1));
        book.WriteTo(state);
        var reloaded = new SessionBook(policy, state); // a new activation: the pair is not in memory

        var duplicate = Refresh(reloaded, issued, T0.AddMinutes(1).AddSeconds(5));

        Assert.Equal(RefreshStatus.Reused, duplicate.Status);
        Assert.Equal(SessionStatus.Revoked, reloaded.Validate(issued.SessionId, T0.AddMinutes(1).AddSeconds(5)));
    }

    [Fact]
    public void Refresh_of_an_expired_session_or_with_a_wrong_secret_is_invalid()
    {
        var book = Book();
        var issued = Open(book, T0);
        var sid = issued.SessionId;

        Assert.Equal(RefreshStatus.Invalid, book.Refresh(new RefreshAttempt(sid, 1, "not-the-secret"), T0.AddMinutes(1)).Status);
        Assert.Equal(SessionStatus.Active, book.Validate(sid, T0.AddMinutes(1)));
        Assert.Equal(RefreshStatus.Invalid, Refresh(book, issued, T0.AddHours(3)).Status);
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Revoke_one_others_and_all()
    {
        var book = Book();
        var a = Open(book, T0);
        var b = Open(book, T0);
        var c = Open(book, T0);

        Assert.True(book.Revoke(a.SessionId, T0));
        Assert.False(book.Revoke(a.SessionId, T0));
        Assert.False(book.Revoke("unknown", T0));
        Assert.Equal(1, book.RevokeAll(keepSessionId: b.SessionId, T0));
        Assert.Equal(SessionStatus.Active, book.Validate(b.SessionId, T0));
        Assert.Equal(SessionStatus.Revoked, book.Validate(c.SessionId, T0));
        Assert.Equal(1, book.RevokeAll(keepSessionId: null, T0));
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void A_password_change_ends_every_other_session_and_refuses_sign_ins_that_proved_the_old_password()
    {
        var state = new UserSessionsState();
        var book = new SessionBook(new SessionPolicy(), state);
        var current = book.Open(Request() with { PasswordVersion = 0 }, T0).Tokens!;
        var other = book.Open(Request() with { PasswordVersion = 0 }, T0).Tokens!;
        book.MarkSaved();

        Assert.Equal(1, book.RevokeBeforePasswordVersion(1, current.SessionId, T0));

        Assert.True(book.HasUnsavedChanges);
        Assert.Equal(SessionStatus.Active, book.Validate(current.SessionId, T0));
        Assert.Equal(SessionStatus.Revoked, book.Validate(other.SessionId, T0));
        var late = book.Open(Request() with { PasswordVersion = 0 }, T0.AddSeconds(1)); // proved the old password
        Assert.True(late.PasswordOutdated);
        Assert.False(late.LimitReached);
        Assert.Null(late.Tokens);
        Assert.Equal(1, book.Count);
        Assert.NotNull(book.Open(Request() with { PasswordVersion = 1 }, T0.AddSeconds(1)).Tokens);
        Assert.NotNull(book.Open(Request(), T0.AddSeconds(1)).Tokens); // no password proven: not the password's business

        book.WriteTo(state);
        Assert.Equal(1, state.MinPasswordVersion);
        Assert.True(new SessionBook(new SessionPolicy(), state).Open(Request() with { PasswordVersion = 0 }, T0).PasswordOutdated);
    }

    [Fact]
    public void The_same_password_change_repeated_revokes_nothing_more()
    {
        var book = Book();
        var current = Open(book, T0);
        Open(book, T0);
        Assert.Equal(1, book.RevokeBeforePasswordVersion(1, current.SessionId, T0));
        var withNewPassword = book.Open(Request() with { PasswordVersion = 1 }, T0).Tokens!;
        book.MarkSaved();

        Assert.Equal(0, book.RevokeBeforePasswordVersion(1, current.SessionId, T0));

        Assert.False(book.HasUnsavedChanges);
        Assert.Equal(SessionStatus.Active, book.Validate(withNewPassword.SessionId, T0));
        Assert.Equal(SessionStatus.Active, book.Validate(current.SessionId, T0));
    }

    [Fact]
    public void Restore_undoes_a_password_change()
    {
        var book = Book();
        var current = Open(book, T0);
        var other = Open(book, T0);
        book.MarkSaved();
        var snapshot = book.TakeSnapshot();

        book.RevokeBeforePasswordVersion(1, current.SessionId, T0);
        book.Restore(snapshot);

        Assert.Equal(SessionStatus.Active, book.Validate(other.SessionId, T0));
        Assert.NotNull(book.Open(Request() with { PasswordVersion = 0 }, T0).Tokens);
    }

    [Fact]
    public void List_orders_by_most_recent_activity_and_leaves_out_expired_sessions()
    {
        var book = Book();
        var old = Open(book, T0);
        var recent = Open(book, T0.AddMinutes(1));
        var stale = Open(book, T0.AddMinutes(2));
        book.Validate(old.SessionId, T0.AddMinutes(30));
        book.Validate(recent.SessionId, T0.AddMinutes(40));

        var listed = book.List(T0.AddMinutes(65)).Select(s => s.SessionId).ToList();

        Assert.Equal([recent.SessionId, old.SessionId], listed);
        Assert.Equal(SessionStatus.Expired, book.Validate(stale.SessionId, T0.AddMinutes(65)));
    }

    [Fact]
    public void Prune_removes_only_expired_sessions()
    {
        var book = Book();
        Open(book, T0);
        Open(book, T0, rememberMe: true);
        book.MarkSaved();

        Assert.Equal(1, book.PruneExpired(T0.AddHours(2)));
        Assert.Equal(1, book.Count);
        Assert.True(book.HasUnsavedChanges);
    }

    [Fact]
    public void Client_supplied_text_is_bounded()
    {
        var state = new UserSessionsState();
        var book = new SessionBook(new SessionPolicy(), state);
        var huge = new string('x', 10_000);

        var tokens = book.Open(new NewSessionRequest(false, huge, huge, new DeviceInfo(huge, null, null, null), Identity), T0).Tokens!;

        book.WriteTo(state);
        var stored = state.Sessions.Single(s => s.Id == tokens.SessionId);
        Assert.Equal(512, stored.UserAgent!.Length);
        Assert.Equal(512, stored.Device!.DeviceType!.Length);
    }

    [Fact]
    public void Restore_undoes_every_change_since_the_snapshot()
    {
        var book = Book(p => p.MaxPerUser = 2);
        var a = Open(book, T0);
        var b = Open(book, T0.AddMinutes(1));
        book.MarkSaved();
        var snapshot = book.TakeSnapshot();

        book.Open(Request(), T0.AddMinutes(2)); // evicts a
        book.Revoke(b.SessionId, T0.AddMinutes(2));
        book.Restore(snapshot);

        Assert.False(book.HasUnsavedChanges);
        Assert.Equal([b.SessionId, a.SessionId], book.List(T0.AddMinutes(2)).Select(s => s.SessionId));
        Assert.Equal(SessionStatus.Active, book.Validate(a.SessionId, T0.AddMinutes(2)));
        Assert.Equal(RefreshStatus.Rotated, Refresh(book, a, T0.AddMinutes(3)).Status);
    }

    [Fact]
    public void What_is_written_to_the_state_loads_back_into_a_new_book()
    {
        var state = new UserSessionsState();
        var book = new SessionBook(new SessionPolicy(), state);
        var a = Open(book, T0);
        var b = Open(book, T0.AddMinutes(1), rememberMe: true);
        book.WriteTo(state);

        var reloaded = new SessionBook(new SessionPolicy(), state);

        Assert.Equal(2, state.Sessions.Count);
        Assert.Equal(Identity, state.Identity);
        Assert.Equal(book.List(T0.AddMinutes(2)), reloaded.List(T0.AddMinutes(2)));
        Assert.Equal(RefreshStatus.Rotated, Refresh(reloaded, a, T0.AddMinutes(2)).Status);
        Assert.Equal(SessionStatus.Active, reloaded.Validate(b.SessionId, T0.AddMinutes(2)));
    }

    [Fact]
    public void Restore_also_undoes_the_identity_and_the_tally_and_ended_since_names_what_the_change_ended()
    {
        var book = Book(p => p.MaxPerUser = 2);
        var a = Open(book, T0);
        var b = Open(book, T0.AddMinutes(1));
        book.TakeTally();
        var snapshot = book.TakeSnapshot();

        book.Open(Request() with { Identity = new UserIdentity("renamed@example.com", []) }, T0.AddMinutes(2)); // evicts a
        book.Revoke(b.SessionId, T0.AddMinutes(2));

        Assert.Equal([a.SessionId, b.SessionId], book.EndedSince(snapshot));
        book.Restore(snapshot);
        Assert.Empty(book.EndedSince(snapshot));
        Assert.Equal(new SessionTally(0, 0, 0, 0), book.TakeTally());
        var written = new UserSessionsState();
        book.WriteTo(written);
        Assert.Equal(Identity, written.Identity);
        Assert.Equal([a.SessionId, b.SessionId], written.Sessions.Select(s => s.Id));
    }

    [Fact]
    public void The_tally_counts_what_happened_to_sessions_until_it_is_taken()
    {
        var book = Book(p => p.MaxPerUser = 2);
        var a = Open(book, T0);
        var b = Open(book, T0.AddMinutes(1));
        Open(book, T0.AddMinutes(2)); // evicts a
        book.Revoke(b.SessionId, T0.AddMinutes(2));
        book.Validate(a.SessionId, T0.AddMinutes(2)); // already gone: counted once
        Open(book, T0.AddMinutes(3));

        Assert.Equal(new SessionTally(Created: 4, Revoked: 1, Expired: 0, Evicted: 1), book.TakeTally());
        Assert.Equal(new SessionTally(0, 0, 0, 0), book.TakeTally());

        Assert.Equal(2, book.PruneExpired(T0.AddHours(2)));
        Assert.Equal(new SessionTally(Created: 0, Revoked: 0, Expired: 2, Evicted: 0), book.TakeTally());
    }

    /// <summary>Presents the refresh token of <paramref name="issued"/> (as the Api does once its MAC checks out).</summary>
    private static RefreshOutcome Refresh(SessionBook book, IssuedTokens issued, DateTimeOffset at) =>
        book.Refresh(new RefreshAttempt(issued.SessionId, issued.Generation, issued.RefreshSecret), at);

    [Fact]
    public void A_role_change_told_before_a_racing_sign_in_arrives_is_not_undone_by_it()
    {
        var book = Book();
        var readBefore = new UserRoles([], 4);
        Open(book, T0);
        Assert.True(book.UpdateRoles(new UserRoles([Role.Admin], 5))); // the change, told first

        var opened = book.Open(Request() with { Identity = UserIdentity.Password("user@example.com", readBefore) }, T0).Tokens!;

        Assert.Equal([Role.Admin], opened.Identity.Roles);
        Assert.Equal(5, opened.Identity.RolesRevision);
    }

    [Fact]
    public void Roles_read_at_an_earlier_or_the_same_revision_change_nothing()
    {
        var book = Book();
        Assert.False(book.UpdateRoles(new UserRoles([Role.Admin], 1))); // no identity yet: the next sign-in reads them
        book.Open(Request() with { Identity = UserIdentity.Password("user@example.com", new UserRoles([Role.Admin], 7)) }, T0);
        book.MarkSaved();

        Assert.False(book.UpdateRoles(new UserRoles([], 6)));
        Assert.False(book.UpdateRoles(new UserRoles([], 7)));
        Assert.False(book.HasUnsavedChanges);
        Assert.True(book.UpdateRoles(new UserRoles([], 8)));
        Assert.Empty(Open(book, T0).Identity.Roles);
    }
}
