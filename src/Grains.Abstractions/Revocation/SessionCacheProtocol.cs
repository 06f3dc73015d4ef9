namespace OrleansSessions.Abstractions.Revocation;

/// <summary>
/// The Api node's session cache and how revocation keeps it exact: the protocol, its guarantee and every timing of
/// it, read from here by the Api (<c>SessionCache</c>, <c>SessionCacheNode</c>) and the grains
/// (<c>ApiNodeRegistryGrain</c>, <c>RevocationBroadcaster</c>).
/// </summary>
/// <remarks>
/// <para><b>Guarantee.</b> Once a call that ends a session returns (logout, revoke, limit eviction, refresh-token
/// reuse, password change), no Api node answers "active" for that session: every node asks its grain, which says it
/// ended. Expiry is not pushed: a cached session is seen expired within <see cref="EntryLifetime"/>.</para>
/// <para><b>Protocol.</b></para>
/// <list type="number">
/// <item><b>Lease.</b> A node answers from its cache only while it holds a lease. Every <see cref="RenewEvery"/> it asks
/// the registry grain to renew it; the registry records the lease until its own now + <see cref="LeaseLength"/> and
/// answers that length; the node counts its lease from the moment it asked, less <see cref="SafetyMargin"/>. A renewal
/// not answered within <see cref="RenewTimeout"/> drops the cache at once, and the node asks the grains for everything
/// until it has a lease again.</item>
/// <item><b>Entries.</b> The node remembers a session as active when its grain said so, for <see cref="EntryLifetime"/>
/// counted from when the question was sent, and answers from that memory only if it held its lease without a break
/// from before the question was sent until the moment it answers.</item>
/// <item><b>Revocation.</b> The grain stores the end of the session first (so from then on it answers "ended"), then
/// reads the registry's leases and pushes the ended ids to each leased node. A node forgets those ids, and refuses
/// answers that would re-admit them for <see cref="RevokedMemory"/>, before it acknowledges. The ending call returns
/// once every node has acknowledged or, for a node that did not within <see cref="AckTimeout"/>, once the lease the
/// registry recorded for it has run out.</item>
/// </list>
/// <para><b>Why it holds,</b> for a node N and a session S whose end was stored at time W. Any "active" answer
/// about S was given before W (a grain runs one call at a time), so its question was sent before W.</para>
/// <list type="bullet">
/// <item>N acknowledged: it removed S and will not re-admit it for <see cref="RevokedMemory"/>; a late "active" answer
/// about S could only make an entry that ends <see cref="EntryLifetime"/> after its question, i.e. before W +
/// <see cref="EntryLifetime"/>, so the memory of S need only outlast that: <see cref="RevokedMemory"/> ≥
/// <see cref="EntryLifetime"/>.</item>
/// <item>N did not acknowledge (whatever <see cref="AckTimeout"/> is: it bounds only how long a revoke waits for a
/// node before waiting out its lease): the revoker waits until the lease the registry recorded for N runs out. N's own
/// lease ends at least <see cref="SafetyMargin"/> earlier (N counts from when it asked, the registry from when it
/// granted, which is later; the margin also absorbs silo clocks that disagree by less than it). If N's lease breaks,
/// nothing it remembered before the break is answered again. If N keeps its lease (it reaches the registry but the
/// push did not reach it), its entry for S ends before W + <see cref="EntryLifetime"/>, while the lease the revoker
/// read was granted at most <see cref="RenewEvery"/> + <see cref="RenewTimeout"/> before the revoker read it (after
/// W), so the revoker waits until at least W + <see cref="LeaseLength"/> - <see cref="RenewEvery"/> -
/// <see cref="RenewTimeout"/>, give or take a clock disagreement under <see cref="SafetyMargin"/>:
/// <see cref="EntryLifetime"/> + <see cref="SafetyMargin"/> ≤ <see cref="LeaseLength"/> - <see cref="RenewEvery"/> -
/// <see cref="RenewTimeout"/>.</item>
/// <item>N unknown to the registry when the revoker read it: either N held no lease then (a node's lease ends before
/// the registry forgets it), and it answers only questions sent after it got one, so after W, which the grain answers
/// "ended"; or the registry had just been reactivated and lost its leases, and for <see cref="LeaseLength"/> after
/// that it tells revokers to wait out every lease its previous activation could have granted.</item>
/// </list>
/// <para>A node renews <see cref="RenewEvery"/> and gives up on a renewal after <see cref="RenewTimeout"/>, both well
/// inside <see cref="LeaseLength"/> - <see cref="SafetyMargin"/>, so a healthy node never loses its lease.
/// <c>SessionCacheProtocolTests</c> checks each inequality above.</para>
/// </remarks>
public static class SessionCacheProtocol
{
    /// <summary>How long the registry grants a lease, counted by the registry from when it grants it.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(5);

    /// <summary>How often a node renews its lease.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(1);

    /// <summary>A renewal not answered within this drops the node's cache.</summary>
    public static readonly TimeSpan RenewTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How much earlier than the registry's record a node's own lease ends.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a node answers "active" for a session its grain confirmed, counted from when it asked.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(2);

    /// <summary>How long a node refuses to re-admit a session pushed to it as ended.</summary>
    public static readonly TimeSpan RevokedMemory = TimeSpan.FromSeconds(60);

    /// <summary>How long a revoke waits for a node's acknowledgement before waiting out that node's lease instead.</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(1);
}
