namespace OrleansSessions.Abstractions.Throttling;

/// <summary>
/// A password check of one account, reserved before the password is verified: <see cref="Ticket"/> names it (null
/// when refused), <see cref="Decision"/> gives the figures for the rate-limit headers with this check counted.
/// <see cref="LockUnreported"/>: refused by a lock whose <c>account.locked</c> event is not stored yet, and this caller
/// is the one asked to store it.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.GuessReservation")]
public sealed record GuessReservation(
    [property: Id(0)] long? Ticket,
    [property: Id(1)] ThrottleDecision Decision,
    [property: Id(2)] bool LockUnreported = false);
