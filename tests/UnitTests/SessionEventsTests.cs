using System.Text.Json;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Events;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.UnitTests;

/// <summary>
/// The events a user's book writes into its outbox with each change: which type, which reason, which fields, and
/// that a change undone takes its events with it. Refreshes and validations write none.
/// </summary>
public sealed class SessionEventsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly UserIdentity Identity = new("user@example.com", []);
    private static readonly DeviceInfo Laptop = new("desktop", "Linux", "Firefox", "fp-laptop");

    private static (SessionBook Book, UserSessionsState State) Book(Action<SessionPolicy>? configure = null)
    {
        var policy = new SessionPolicy();
        configure?.Invoke(policy);
        var state = new UserSessionsState();
        return (new SessionBook(policy, state, devices: new DeviceHistory([])), state);
    }

    private static string Open(SessionBook book, DateTimeOffset at, DeviceInfo? device = null) =>
        book.Open(new NewSessionRequest(false, "10.0.0.1", "agent", device ?? Laptop, Identity), at).Tokens!.SessionId;

    [Fact]
    public void A_login_writes_session_created_with_its_address_device_and_new_device()
    {
        var (book, state) = Book();
        var id = Open(book, T0);

        var created = Assert.Single(state.Outbox);
        Assert.Equal(SessionEventTypes.Created, created.Type);
        Assert.Equal(id, created.SessionId);
        Assert.Equal("10.0.0.1", created.IpAddress);
        Assert.Equal(Laptop, created.Device);
        Assert.Equal("default", created.Client);
        Assert.True(created.NewDevice);
        Assert.Null(created.Reason);
        Assert.Equal(T0, created.Time);
        Assert.StartsWith("evt_", created.Id);
    }

    [Fact]
    public void A_second_login_from_the_same_device_is_not_a_new_device_but_another_device_is()
    {
        var (book, state) = Book();
        Open(book, T0);
        Open(book, T0.AddDays(10));
        Open(book, T0.AddDays(11), new DeviceInfo("phone", "iOS", "Safari", "fp-phone"));

        Assert.Equal([true, false, true], state.Outbox.Where(e => e.Type == SessionEventTypes.Created).Select(e => e.NewDevice!.Value));
    }

    [Fact]
    public void A_login_that_was_undone_saw_no_device_so_its_retry_is_still_on_a_new_device()
    {
        var (book, state) = Book();
        var snapshot = book.TakeSnapshot();
        Open(book, T0); // its write fails: undone, as the grain does
        book.Restore(snapshot);
        Assert.Empty(book.Events.Devices.Devices);
        Assert.False(book.Events.Devices.HasUnsavedChanges);

        Open(book, T0.AddSeconds(1)); // the client's retry

        Assert.True(Assert.Single(state.Outbox).NewDevice);
        Assert.Single(book.Events.Devices.Devices);
    }

    [Theory]
    [InlineData(RevocationReason.UserRevoked, "user_revoked")]
    [InlineData(RevocationReason.Admin, "admin")]
    [InlineData(RevocationReason.Logout, "logout")]
    [InlineData(RevocationReason.Service, "service")]
    public void A_revoke_writes_session_revoked_with_the_reason_it_was_given(RevocationReason reason, string expected)
    {
        var (book, state) = Book();
        var id = Open(book, T0);

        Assert.True(book.Revoke(id, T0.AddMinutes(1), reason));

        var revoked = state.Outbox[^1];
        Assert.Equal((SessionEventTypes.Revoked, expected, id), (revoked.Type, revoked.Reason, revoked.SessionId));
        Assert.Null(revoked.NewDevice);
    }

    [Fact]
    public void Revoking_all_password_changes_eviction_and_refresh_reuse_name_their_reasons()
    {
        var (book, state) = Book(p => { p.MaxPerUser = 2; p.LimitPolicy = LimitPolicy.EvictOldest; });
        Open(book, T0);
        Open(book, T0.AddSeconds(1));
        Open(book, T0.AddSeconds(2)); // evicts the first
        Assert.Equal("evicted", state.Outbox.Single(e => e.Type == SessionEventTypes.Revoked).Reason);

        book.RevokeAll(null, T0.AddSeconds(3));
        Assert.Equal(["logout_all", "logout_all"], state.Outbox.Skip(4).Select(e => e.Reason));

        var id = Open(book, T0.AddSeconds(4));
        Open(book, T0.AddSeconds(5));
        book.RevokeBeforePasswordVersion(2, keepSessionId: id, T0.AddSeconds(6));
        Assert.Equal("password_changed", state.Outbox[^1].Reason);

        var issued = book.Open(new NewSessionRequest(false, null, null, null, Identity, 2), T0.AddSeconds(7)).Tokens!;
        var rotated = book.Refresh(new RefreshAttempt(issued.SessionId, issued.Generation, issued.RefreshSecret), T0.AddSeconds(8));
        var eventsAfterRefresh = state.Outbox.Count;
        book.Refresh(new RefreshAttempt(issued.SessionId, issued.Generation, issued.RefreshSecret), T0.AddMinutes(5));

        Assert.Equal(RefreshStatus.Rotated, rotated.Status);
        Assert.Equal(eventsAfterRefresh, state.Outbox.Count - 1); // the rotation itself wrote none
        Assert.Equal((SessionEventTypes.Revoked, "refresh_reuse"), (state.Outbox[^1].Type, state.Outbox[^1].Reason));
    }

    [Fact]
    public void Expiry_writes_session_expired_with_idle_or_absolute()
    {
        var (book, state) = Book(p => { p.IdleTimeout = TimeSpan.FromMinutes(30); p.AbsoluteLifetime = TimeSpan.FromHours(1); });
        var idle = Open(book, T0);
        var busy = Open(book, T0);
        Assert.Equal(SessionStatus.Active, book.Validate(busy, T0.AddMinutes(25)));
        Assert.Equal(SessionStatus.Active, book.Validate(busy, T0.AddMinutes(50)));

        book.PruneExpired(T0.AddMinutes(40));
        book.PruneExpired(T0.AddMinutes(61));

        var expired = state.Outbox.Where(e => e.Type == SessionEventTypes.Expired).ToList();
        Assert.Equal([(idle, "idle"), (busy, "absolute")], expired.Select(e => (e.SessionId!, e.Reason!)));
    }

    [Fact]
    public void Validations_and_listing_write_no_event()
    {
        var (book, state) = Book();
        var id = Open(book, T0);
        book.Validate(id, T0.AddMinutes(1));
        book.List(T0.AddMinutes(2));
        Assert.Single(state.Outbox);
    }

    [Fact]
    public void A_change_rolled_back_takes_its_events_with_it()
    {
        var (book, state) = Book();
        Open(book, T0);
        var snapshot = book.TakeSnapshot();
        Open(book, T0.AddSeconds(1));
        book.Restore(snapshot);
        Assert.Single(state.Outbox);
    }

    [Fact]
    public void Delivered_events_leave_the_outbox_and_an_account_lock_is_an_event_without_a_session()
    {
        var (book, state) = Book();
        Open(book, T0);
        book.MarkSaved();
        book.EventsDelivered(1);
        Assert.Empty(state.Outbox);
        Assert.True(book.HasUnsavedActivity);

        book.AccountLocked("192.0.2.9", T0.AddMinutes(1));
        var locked = Assert.Single(state.Outbox);
        Assert.Equal((SessionEventTypes.AccountLocked, (string?)null, "192.0.2.9"), (locked.Type, locked.SessionId, locked.IpAddress));
        Assert.True(book.HasUnsavedChanges);
    }

    [Fact]
    public void Event_ids_are_unique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => SessionEvent.NewId(T0)).ToHashSet();
        Assert.Equal(1000, ids.Count);
    }

    [Fact]
    public void The_body_has_every_field_of_the_contract_in_snake_case()
    {
        var e = new SessionEvent("evt_1", SessionEventTypes.Created, T0.ToUnixTimeMilliseconds(), "s1", "default", null, "10.0.0.1", Laptop, true);
        using var json = JsonDocument.Parse(SessionEventJson.Write("u1", e));
        var root = json.RootElement;

        Assert.Equal(
            ["id", "type", "time", "user_id", "session_id", "client", "reason", "ip_address", "device_info", "new_device"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-01-01T10:00:00Z", root.GetProperty("time").GetString());
        Assert.Equal("u1", root.GetProperty("user_id").GetString());
        Assert.Equal("Firefox", root.GetProperty("device_info").GetProperty("browser").GetString());
        Assert.True(root.GetProperty("new_device").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
    }

    [Fact]
    public void Bodies_written_one_after_another_on_one_thread_carry_only_their_own_fields()
    {
        var first = new SessionEvent("evt_1", SessionEventTypes.Created, T0.ToUnixTimeMilliseconds(), "s1", "mobile-app", null, "10.0.0.1", Laptop, true);
        var second = new SessionEvent("evt_2", SessionEventTypes.Revoked, T0.ToUnixTimeMilliseconds(), "s2", "default", "user", null, null, null);
        var firstBody = SessionEventJson.Write("first-user", first);

        using var json = JsonDocument.Parse(SessionEventJson.Write("u2", second)); // the same thread's reused writer
        var root = json.RootElement;
        Assert.Equal("evt_2", root.GetProperty("id").GetString());
        Assert.Equal("u2", root.GetProperty("user_id").GetString());
        Assert.Equal("user", root.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("device_info").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("new_device").ValueKind);
        Assert.DoesNotContain("first-user", root.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(firstBody, SessionEventJson.Write("first-user", first));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(firstBody), SessionEventJson.WriteUtf8("first-user", first)); // what the stream stores
    }
}
