using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.UnitTests;

/// <summary>
/// Sessions opened with the id and refresh secret the caller chose (<see cref="SessionOpening"/>): a login sent again
/// after its answer was lost (a silo stopping mid-call) opens one session and evicts once, whatever the repeats.
/// </summary>
public sealed class SessionOpeningTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly UserIdentity Identity = new("user@example.com", []);

    private static SessionBook Book(UserSessionsState state, int maxPerUser = 3, LimitPolicy limit = LimitPolicy.EvictOldest) =>
        new(new SessionPolicy { MaxPerUser = maxPerUser, LimitPolicy = limit }, state);

    private static NewSessionRequest Request(SessionOpening? opening = null) =>
        new(false, "10.0.0.1", "agent", null, Identity, Opening: opening);

    [Fact]
    public void A_new_opening_is_well_formed_unique_and_never_prints_its_secret()
    {
        var a = SessionOpening.New();
        var b = SessionOpening.New();

        Assert.True(a.IsWellFormed);
        Assert.NotEqual(a.SessionId, b.SessionId);
        Assert.NotEqual(a.RefreshSecret, b.RefreshSecret);
        Assert.DoesNotContain(a.RefreshSecret, a.ToString(), StringComparison.Ordinal);
        Assert.False(a with { SessionId = "short" } is { IsWellFormed: true });
        Assert.False(a with { RefreshSecret = a.RefreshSecret[..42] + "=" } is { IsWellFormed: true });
    }

    [Fact]
    public void The_session_gets_the_callers_id_and_secret_and_stores_only_the_secrets_hash()
    {
        var state = new UserSessionsState();
        var book = Book(state);
        var opening = SessionOpening.New();

        var tokens = book.Open(Request(opening), T0).Tokens!;
        book.WriteTo(state);

        Assert.Equal(opening.SessionId, tokens.SessionId);
        Assert.Equal(opening.RefreshSecret, tokens.RefreshSecret);
        var stored = Assert.Single(state.Sessions);
        Assert.Equal(SecureTokens.Hash(opening.RefreshSecret), stored.RefreshHash);
        Assert.DoesNotContain(opening.RefreshSecret, stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_repeated_with_the_same_session_id_opens_one_session_and_evicts_once()
    {
        var book = Book(new UserSessionsState());
        var oldest = book.Open(Request(), T0).Tokens!;
        var second = book.Open(Request(), T0.AddMinutes(1)).Tokens!;
        var third = book.Open(Request(), T0.AddMinutes(2)).Tokens!;
        var opening = SessionOpening.New();

        var first = book.Open(Request(opening), T0.AddMinutes(3));
        book.MarkSaved();
        book.TakeTally();
        var repeated = book.Open(Request(opening), T0.AddMinutes(4));

        Assert.Equal([oldest.SessionId], first.EvictedSessionIds);
        Assert.Empty(repeated.EvictedSessionIds);
        Assert.Equal(first.Tokens!.SessionId, repeated.Tokens!.SessionId);
        Assert.Equal(first.Tokens.RefreshSecret, repeated.Tokens.RefreshSecret);
        Assert.Equal(first.Tokens.Generation, repeated.Tokens.Generation);
        Assert.False(book.HasUnsavedChanges); // the repeat changed nothing: nothing to store
        Assert.Equal(new SessionTally(0, 0, 0, 0), book.TakeTally());
        Assert.Equal(3, book.Count);
        Assert.Equal(SessionStatus.Active, book.Validate(second.SessionId, T0.AddMinutes(4)));
        Assert.Equal(SessionStatus.Active, book.Validate(third.SessionId, T0.AddMinutes(4)));
    }

    [Fact]
    public void A_repeated_open_at_the_limit_answers_its_session_instead_of_refusing_it()
    {
        var book = Book(new UserSessionsState(), maxPerUser: 2, limit: LimitPolicy.RejectNew);
        book.Open(Request(), T0);
        var opening = SessionOpening.New();
        var first = book.Open(Request(opening), T0.AddMinutes(1));

        var repeated = book.Open(Request(opening), T0.AddMinutes(2));

        Assert.False(repeated.LimitReached);
        Assert.Equal(first.Tokens!.SessionId, repeated.Tokens!.SessionId);
        Assert.Equal(2, book.Count);
    }

    [Fact]
    public void An_open_undone_because_it_could_not_be_stored_opens_its_session_when_sent_again()
    {
        var book = Book(new UserSessionsState());
        var opening = SessionOpening.New();
        var before = book.TakeSnapshot();
        book.Open(Request(opening), T0);
        book.Restore(before);
        Assert.Equal(0, book.Count);

        var retried = book.Open(Request(opening), T0.AddSeconds(1));

        Assert.Equal(opening.SessionId, retried.Tokens!.SessionId);
        Assert.Equal(1, book.Count);
        Assert.True(book.HasUnsavedChanges);
    }

    [Fact]
    public void An_open_sent_again_after_its_session_was_revoked_does_not_open_it_again()
    {
        var book = Book(new UserSessionsState());
        var opening = SessionOpening.New();
        book.Open(Request(opening), T0);
        book.Revoke(opening.SessionId, T0.AddSeconds(1));
        book.MarkSaved();

        var retried = book.Open(Request(opening), T0.AddSeconds(2));

        Assert.True(retried.SessionEnded);
        Assert.False(retried.LimitReached);
        Assert.Null(retried.Tokens);
        Assert.Equal(0, book.Count);
        Assert.False(book.HasUnsavedChanges);
        Assert.Equal(SessionStatus.Revoked, book.Validate(opening.SessionId, T0.AddSeconds(2)));
    }

    [Fact]
    public void An_open_sent_again_after_a_later_sign_in_evicted_its_session_evicts_nothing_more()
    {
        var book = Book(new UserSessionsState(), maxPerUser: 1);
        var opening = SessionOpening.New();
        book.Open(Request(opening), T0);
        var later = book.Open(Request(), T0.AddSeconds(1)).Tokens!;
        book.MarkSaved();

        var retried = book.Open(Request(opening), T0.AddSeconds(2));

        Assert.True(retried.SessionEnded);
        Assert.Empty(retried.EvictedSessionIds);
        Assert.Equal(SessionStatus.Active, book.Validate(later.SessionId, T0.AddSeconds(2)));
        Assert.Equal(1, book.Count);
    }

    [Fact]
    public void An_opening_whose_id_is_held_by_another_session_is_refused_and_changes_nothing()
    {
        var book = Book(new UserSessionsState());
        var opening = SessionOpening.New();
        var opened = book.Open(Request(opening), T0).Tokens!;
        book.MarkSaved();

        Assert.Throws<InvalidOperationException>(() => book.Open(Request(opening with { RefreshSecret = SessionOpening.New().RefreshSecret }), T0));
        Assert.Equal(1, book.Count);
        Assert.False(book.HasUnsavedChanges);

        // Once rotated, the session is no longer the one that login opened: the old secret does not get its tokens.
        book.Refresh(new RefreshAttempt(opened.SessionId, opened.Generation, opened.RefreshSecret), T0.AddMinutes(1));
        Assert.Throws<InvalidOperationException>(() => book.Open(Request(opening), T0.AddMinutes(2)));
    }

    [Fact]
    public void A_malformed_opening_opens_nothing()
    {
        var book = Book(new UserSessionsState());

        Assert.Throws<ArgumentException>(() => book.Open(Request(new SessionOpening("not-an-id", SessionOpening.New().RefreshSecret)), T0));
        Assert.Equal(0, book.Count);
        Assert.False(book.HasUnsavedChanges);
    }

    [Fact]
    public void Only_the_session_still_holding_the_secret_it_was_opened_with_is_a_repeat()
    {
        var opening = SessionOpening.New();
        var opened = SessionRules.NewSession(opening.SessionId, opening.RefreshSecret, T0, false, null, null, null);

        Assert.True(SessionRules.IsRepeatedOpening(opened, opening));
        Assert.False(SessionRules.IsRepeatedOpening(opened, opening with { RefreshSecret = SessionOpening.New().RefreshSecret }));
        Assert.False(SessionRules.IsRepeatedOpening(SessionRules.Rotated(opened, SessionOpening.New().RefreshSecret, T0), opening));
        Assert.False(SessionRules.IsRepeatedOpening(SessionRules.Reauthenticated(opened, opening.RefreshSecret, T0), opening));
    }
}
