namespace OrleansSessions.Grains.Domain;

/// <summary>
/// The version of what one copy of a grain last read from or wrote to the store, to tell the two reasons a write can
/// be refused apart. Either another copy of the grain wrote (Orleans can briefly hold two during a membership change):
/// the store is newer, and memory follows it. Or the store went back: Redis lost writes it had acknowledged (a crash
/// with <c>appendfsync everysec</c>, a failover to a replica the write had not reached), so it holds an older state,
/// in which sessions this copy ended are alive again: memory is newer, and is written over it.
/// <para>Each write stamps the next version, max(last + 1, the write's time in ticks): it grows with every write of one
/// copy and, through the clock, across copies, also after the record was deleted (a copy that recreates it writes a
/// later time than any version written before the deletion).</para>
/// </summary>
internal sealed class StoreVersion
{
    private long _writing;

    /// <summary>A version holding what was read at activation, stamped <paramref name="stored"/>.</summary>
    public static StoreVersion Holding(long stored)
    {
        var version = new StoreVersion();
        version.Read(stored);
        return version;
    }

    /// <summary>The version of what memory holds: the last one read or written (0: nothing, or a record older than versions).</summary>
    public long Held { get; private set; }

    /// <summary>The version to stamp on the write about to be made; it counts once <see cref="Written"/>.</summary>
    public long Next(DateTimeOffset now)
    {
        _writing = Math.Max(Held + 1, now.UtcTicks);
        return _writing;
    }

    /// <summary>The store took the write stamped by the last <see cref="Next"/>.</summary>
    public void Written() => Held = _writing;

    /// <summary>Memory now holds what the store held, stamped <paramref name="stored"/>.</summary>
    public void Read(long stored) => Held = stored;

    /// <summary>
    /// Whether a record found changed since this copy's last read or write is older than memory (the store went back)
    /// rather than another copy's. Only a record with an older version than memory's is: no record may be another copy's
    /// delete, and a record without a version (written by a release before versions) may be another copy's write.
    /// </summary>
    public bool StoreWentBack(bool recordExists, long stored) => recordExists && stored > 0 && stored < Held;

    /// <summary>
    /// The same for a record that is never deleted (an account, the role directory): no record at all, where memory
    /// holds a versioned one, is the store going back too.
    /// </summary>
    public bool KeptRecordWentBack(bool recordExists, long stored) => recordExists ? StoreWentBack(true, stored) : Held > 0;
}
