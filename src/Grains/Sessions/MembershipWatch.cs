using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.Grains.Sessions;

/// <summary>
/// Watches this silo's view of the cluster for the two moments a grain may have a second copy elsewhere:
/// <list type="bullet">
/// <item>any silo joining or leaving, this one included: while the grain directory hands its ranges over, Orleans can briefly hold two
/// activations of one grain, so for <see cref="RecheckWindow"/> afterwards grains check the store before they answer
/// from memory (<see cref="MustRecheck"/>);</item>
/// <item>a silo declared dead without leaving (cut off, crashed): it may still run and answer from its memory until it
/// reads that it is dead, so calls that end sessions wait for it (<see cref="ReplacementFence"/>).</item>
/// </list>
/// </summary>
internal sealed partial class MembershipWatch(
    IClusterMembershipService membership, IOptions<ClusterMembershipOptions> options, TimeProvider time, ILogger<MembershipWatch> logger)
    : BackgroundService
{
    /// <summary>A stop takes at most this after the silo read that it is dead (it ends the process at once).</summary>
    private static readonly TimeSpan StopAfterReading = TimeSpan.FromSeconds(2);

    /// <summary>How long after a membership change grains check the store before answering from memory.</summary>
    public static readonly TimeSpan RecheckWindow = TimeSpan.FromSeconds(30);

    private long _lastDeathSeen = long.MinValue;
    private long _lastChangeSeen = long.MinValue;

    /// <summary>Each silo's status as last seen; set when the watch starts.</summary>
    private Dictionary<SiloAddress, SiloStatus> _known = [];

    /// <summary>False until the watch has read the membership: until then a copy elsewhere cannot be ruled out.</summary>
    private volatile bool _watching;

    public ReplacementFence Fence { get; } = new(options.Value.TableRefreshTimeout + StopAfterReading);

    /// <summary>How long ago this silo last saw a silo die without leaving; null when it never did.</summary>
    public TimeSpan? SinceDeathSeen
    {
        get
        {
            var seen = Interlocked.Read(ref _lastDeathSeen);
            return seen == long.MinValue ? null : time.GetElapsedTime(seen);
        }
    }

    /// <summary>
    /// True while a silo joined or left less than <see cref="RecheckWindow"/> ago, and before the watch has started (the
    /// silo answers grain calls as soon as it has joined, a moment before its hosted services start).
    /// </summary>
    public bool MustRecheck
    {
        get
        {
            var seen = Interlocked.Read(ref _lastChangeSeen);
            return !_watching || (seen != long.MinValue && time.GetElapsedTime(seen) < RecheckWindow);
        }
    }

    /// <summary>Now, on the clock <see cref="Hold"/> measures with (real time, not the session clock).</summary>
    public long Timestamp() => time.GetTimestamp();

    /// <summary>How long a call that ended sessions on an activation started at <paramref name="activatedAt"/> must wait.</summary>
    public TimeSpan Hold(long activatedAt) => Fence.Hold(time.GetElapsedTime(activatedAt), SinceDeathSeen);

    /// <summary>Reads the membership before the silo's start completes (ExecuteAsync runs later, on the thread pool).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var current = membership.CurrentSnapshot;
        _known = current.Members.ToDictionary(m => m.Key, m => m.Value.Status);
        if (IsShared(current))
        {
            // This silo has just joined a running cluster: its own join is the change. The grains it activates read
            // the store, but copies of them on the silos already running may still be answered and write after that.
            Interlocked.Exchange(ref _lastChangeSeen, time.GetTimestamp());
        }

        _watching = true;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var known = _known;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var shared = IsShared(snapshot);
                foreach (var (silo, member) in snapshot.Members)
                {
                    known.TryGetValue(silo, out var before);
                    var joinedUnseen = before == SiloStatus.None && member.Status is SiloStatus.Joining or SiloStatus.Active;
                    if (before != member.Status && (before != SiloStatus.None || joinedUnseen) && (shared || member.Status == SiloStatus.Dead))
                    {
                        Interlocked.Exchange(ref _lastChangeSeen, time.GetTimestamp());
                    }

                    if (member.Status == SiloStatus.Dead && before is SiloStatus.Active or SiloStatus.Joining or SiloStatus.Created)
                    {
                        Interlocked.Exchange(ref _lastDeathSeen, time.GetTimestamp());
                        LogDeathSeen(logger, silo.ToString(), Fence.StaleCopyLifetime.TotalSeconds);
                    }

                    known[silo] = member.Status;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    /// <summary>A silo alone in its cluster (starting, or embedded) shares its grains with no one.</summary>
    private static bool IsShared(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Count(m => m.Value.Status != SiloStatus.Dead) > 1;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} was declared dead without leaving; calls that end sessions wait up to {Seconds} s for its stale grains to stop")]
    private static partial void LogDeathSeen(ILogger logger, string silo, double seconds);
}
