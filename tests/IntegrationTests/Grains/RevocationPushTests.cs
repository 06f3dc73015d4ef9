using OrleansSessions.Abstractions.Revocation;
using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// Revocation pushes to Api nodes over a real silo and Redis: ends stored at the same time share a push, and no revoke
/// returns before the node was told of its session.
/// </summary>
public sealed class RevocationPushTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly NewSessionRequest Request = new(false, "127.0.0.1", "tests", null, new UserIdentity("user@example.com", []));

    /// <summary>An Api node's observer that records what it was told.</summary>
    private sealed class RecordingNode : ISessionRevocationObserver
    {
        private readonly HashSet<string> _forgotten = [];
        private int _pushes;

        public int Pushes => Volatile.Read(ref _pushes);

        public Task Revoked(IReadOnlyList<string> sessionIds)
        {
            Interlocked.Increment(ref _pushes);
            lock (_forgotten)
            {
                _forgotten.UnionWith(sessionIds);
            }

            return Task.CompletedTask;
        }

        public bool WasTold(string sessionId)
        {
            lock (_forgotten)
            {
                return _forgotten.Contains(sessionId);
            }
        }
    }

    [Fact]
    public async Task Concurrent_revokes_share_pushes_and_each_returns_only_once_its_node_was_told()
    {
        var node = new RecordingNode();
        var reference = fixture.Grains.CreateObjectReference<ISessionRevocationObserver>(node);
        var registry = fixture.Grains.GetGrain<IApiNodeRegistryGrain>(0);
        await registry.Renew("test-node", reference);
        using var stop = new CancellationTokenSource();
        var renewing = Task.Run(async () =>
        {
            // As an Api node does: the lease (5 s) must outlast the test, however slow the machine.
            using var timer = new PeriodicTimer(SessionCacheProtocol.RenewEvery);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                await registry.Renew("test-node", reference);
            }
        });

        const int users = 200;
        var sessions = await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
        {
            var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(Guid.NewGuid().ToString("N"));
            return (Grain: grain, SessionId: (await grain.Open(Request)).Tokens!.SessionId);
        }));
        var pushesBefore = node.Pushes;

        var returnedUntold = 0;
        await Task.WhenAll(sessions.Select(async s =>
        {
            Assert.True(await s.Grain.Revoke(s.SessionId));
            if (!node.WasTold(s.SessionId))
            {
                Interlocked.Increment(ref returnedUntold);
            }
        }));

        await stop.CancelAsync();
        await renewing.ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.Equal(0, returnedUntold);
        Assert.All(sessions, s => Assert.True(node.WasTold(s.SessionId)));
        var pushes = node.Pushes - pushesBefore;
        Assert.InRange(pushes, 1, users - 1); // shared: fewer pushes than revokes
        GC.KeepAlive(node);
    }
}
