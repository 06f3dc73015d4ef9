using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.UnitTests;

public sealed class TextPoolTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh copy of the text, as a deserializer or a request parser would make it.</summary>
    private static string Copy(string text) => new(text.AsSpan());

    [Fact]
    public void Equal_texts_come_back_as_one_instance()
    {
        var pool = new TextPool();
        var first = pool.Share(Copy("Mozilla/5.0 (X11; Linux x86_64)"));

        var second = pool.Share(Copy("Mozilla/5.0 (X11; Linux x86_64)"));

        Assert.Same(first, second);
        Assert.Null(pool.Share((string?)null));
    }

    [Fact]
    public void Past_its_capacity_new_texts_are_kept_unshared()
    {
        var pool = new TextPool(capacity: 2);
        pool.Share("a");
        pool.Share("b");

        var third = Copy("c");
        Assert.Same(third, pool.Share(third));
        Assert.NotSame(pool.Share(Copy("c")), pool.Share(Copy("c")));
        Assert.Equal("c", pool.Share(Copy("c")));
        Assert.Same(pool.Share(Copy("a")), pool.Share(Copy("a")));
    }

    [Fact]
    public void Devices_are_shared_unless_fingerprinted_and_their_texts_always_are()
    {
        var pool = new TextPool();
        var plain = pool.Share(new DeviceInfo(Copy("desktop"), Copy("Linux"), Copy("Firefox"), null));
        Assert.Same(plain, pool.Share(new DeviceInfo(Copy("desktop"), Copy("Linux"), Copy("Firefox"), null)));

        var fingerprinted = pool.Share(new DeviceInfo(Copy("desktop"), Copy("Linux"), Copy("Firefox"), "fp-1"))!;

        Assert.NotSame(plain, fingerprinted);
        Assert.Equal("fp-1", fingerprinted.DeviceFingerprint);
        Assert.Same(plain!.Os, fingerprinted.Os);
    }

    [Fact]
    public void Two_users_books_share_the_texts_of_their_sessions_and_keep_them_on_reload()
    {
        var pool = new TextPool();
        NewSessionRequest Request() => new(false, Copy("10.0.0.1"), Copy("agent/1.0"), new DeviceInfo(Copy("mobile"), Copy("iOS"), Copy("Safari"), null), new UserIdentity("u@example.com", []));
        var ada = new SessionBook(new SessionPolicy(), new UserSessionsState(), pool);
        var bob = new SessionBook(new SessionPolicy(), new UserSessionsState(), pool);
        ada.Open(Request(), T0);
        bob.Open(Request(), T0);
        var adaState = new UserSessionsState();
        var bobState = new UserSessionsState();
        ada.WriteTo(adaState);
        bob.WriteTo(bobState);

        Assert.Same(adaState.Sessions[0].UserAgent, bobState.Sessions[0].UserAgent);
        Assert.Same(adaState.Sessions[0].Device, bobState.Sessions[0].Device);
        Assert.Same(adaState.Sessions[0].IpAddress, bobState.Sessions[0].IpAddress);

        var stored = adaState.Sessions[0] with { UserAgent = Copy("agent/1.0") }; // as read back from the store
        var reloaded = new SessionBook(new SessionPolicy(), new UserSessionsState { Sessions = [stored] }, pool);
        var reloadedState = new UserSessionsState();
        reloaded.WriteTo(reloadedState);
        Assert.Same(bobState.Sessions[0].UserAgent, reloadedState.Sessions[0].UserAgent);
        Assert.Equal(reloadedState.Sessions[0].Id, adaState.Sessions[0].Id);
    }
}
