namespace OrleansSessions.Grains.Domain;

/// <summary>
/// When a call that ended sessions may return, so that no stale copy of the grain still vouches for them.
/// <para>Orleans can briefly hold two activations of one user: a silo cut off from the others is declared dead (at
/// time D) and the user's grain is activated again elsewhere, while the cut-off silo still runs and answers from its
/// memory until it reads the membership table, finds itself dead and stops: by D + <see cref="StaleCopyLifetime"/>.
/// A replacement activation exists only after D, and a silo sees the death only after D; so a call that ended sessions
/// on an activation started at A, on a silo that saw a silo die at S, returns no earlier than
/// min(A, S) + <see cref="StaleCopyLifetime"/> ≥ D + <see cref="StaleCopyLifetime"/>: by then the stale copy is gone.
/// An activation older than the lifetime is no replacement of a copy on a silo that died since, and a death seen longer
/// ago than the lifetime has no copy left: either way the call waits for nothing. (A silo that has not yet heard of the
/// death, while a replacement is placed on it, does not wait: Orleans gossips a death to every silo as it is declared,
/// before the directory hands the grain to anyone, so this gap is the gossip's delivery time.)</para>
/// </summary>
internal sealed class ReplacementFence(TimeSpan staleCopyLifetime)
{
    /// <summary>How long a silo declared dead can go on answering: its membership table period plus its stop.</summary>
    public TimeSpan StaleCopyLifetime { get; } = staleCopyLifetime;

    /// <summary>
    /// How long a call that ended sessions must still wait before it returns, given how long ago this activation started
    /// and how long ago this silo saw another silo die without leaving gracefully (null: never).
    /// </summary>
    public TimeSpan Hold(TimeSpan sinceActivation, TimeSpan? sinceDeathSeen)
    {
        if (sinceDeathSeen is not { } sinceDeath)
        {
            return TimeSpan.Zero;
        }

        var wait = StaleCopyLifetime - (sinceActivation > sinceDeath ? sinceActivation : sinceDeath);
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }
}
