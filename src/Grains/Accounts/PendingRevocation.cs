namespace OrleansSessions.Grains.Accounts;

/// <summary>
/// A password change's duty, stored with its new hash: end every session of the user proven with a password version
/// older than <see cref="PasswordVersion"/>, except <see cref="KeepSessionId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.PendingRevocation")]
internal sealed record PendingRevocation(
    [property: Id(0)] int PasswordVersion,
    [property: Id(1)] string? KeepSessionId);
