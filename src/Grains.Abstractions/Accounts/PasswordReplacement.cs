namespace OrleansSessions.Abstractions.Accounts;

/// <summary>
/// A new password for an account whose current one was just proven at <see cref="ProvenVersion"/>; every session of
/// the user but <see cref="KeepSessionId"/> (the one making the change) ends with the old password.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.PasswordReplacement")]
public sealed record PasswordReplacement(
    [property: Id(0)] int ProvenVersion,
    [property: Id(1)] string NewPasswordHash,
    [property: Id(2)] string? KeepSessionId)
{
    /// <summary>Never the password hash.</summary>
    public override string ToString() => $"PasswordReplacement {{ ProvenVersion = {ProvenVersion} }}";
}
