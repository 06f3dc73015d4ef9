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

        public void ClearRecord()
        {
            lock (_forgotten)
            {
                _forgotten.Clear();
            }
        }
    }

    /// <summary>A <see cref="RecordingNode"/> holding a lease from the registry as an Api node does, until disposed.</summary>
    private sealed class LeasedNode : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        private LeasedNode(IGrainFactory grains)
        {
            // One name for every test: each takes over the lease of the one before, whose observer is gone (a lease of
            // its own would make revokes wait it out).
            const string name = "test-node";
            var reference = grains.CreateObjectReference<ISessionRevocationObserver>(Node);
            var registry = grains.GetGrain<IApiNodeRegistryGrain>(0);
            First = registry.Renew(name, reference);
            _renewing = Task.Run(async () =>
            {
                // The lease (5 s) must outlast the test, however slow the machine: a renewal that fails is made again at
                // the next tick, as an Api node does.
                using var timer = new PeriodicTimer(SessionCacheProtocol.RenewEvery);
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    try
                    {
                        await registry.Renew(name, reference);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Renewed again at the next tick.
                    }
                }
            });
        }

        public RecordingNode Node { get; } = new();

        private Task First { get; }

        public static async Task<LeasedNode> StartAsync(IGrainFactory grains)
        {
            var leased = new LeasedNode(grains);
            try
            {
                await leased.First;
            }
            catch
            {
                await leased.DisposeAsync();
                throw;
            }

            return leased;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Concurrent_revokes_share_pushes_and_each_returns_only_once_its_node_was_told()
    {
        await using var leased = await LeasedNode.StartAsync(fixture.Grains);
        var node = leased.Node;

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

        Assert.Equal(0, returnedUntold);
        Assert.All(sessions, s => Assert.True(node.WasTold(s.SessionId)));
        var pushes = node.Pushes - pushesBefore;
        Assert.InRange(pushes, 1, users - 1); // shared: fewer pushes than revokes
    }

    [Fact]
    public async Task A_logout_sent_again_tells_every_node_again()
    {
        // The first attempt's push may still be on its way (its answer was lost) when the retry reaches a copy that finds
        // the session already ended, or never held it: the retry must not return before the nodes were told.
        await using var leased = await LeasedNode.StartAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(Guid.NewGuid().ToString("N"));
        var sessionId = (await grain.Open(Request)).Tokens!.SessionId;
        await grain.Logout(sessionId);
        Assert.True(leased.Node.WasTold(sessionId));
        leased.Node.ClearRecord();

        await grain.Logout(sessionId);

        Assert.True(leased.Node.WasTold(sessionId));
    }

    [Fact]
    public async Task A_copy_that_learns_from_the_store_that_a_session_it_held_ended_tells_every_node()
    {
        // This copy vouched for the session until it read that another copy ended it: the other copy's push may not have
        // reached every node, and this copy's answers did.
        await using var leased = await LeasedNode.StartAsync(fixture.Grains);
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var endedElsewhere = (await grain.Open(Request)).Tokens!.SessionId;
        var revokedHere = (await grain.Open(Request)).Tokens!.SessionId;
        await OtherCopy.EndSessionAsync(fixture.Cluster.Silos[0].ServiceProvider, userId, endedElsewhere);

        Assert.True(await grain.Revoke(revokedHere)); // refused by the ETag, re-read, applied again

        Assert.True(leased.Node.WasTold(revokedHere));
        Assert.True(leased.Node.WasTold(endedElsewhere));
    }
}
