namespace OrleansSessions.Abstractions.Accounts;

/// <summary>
/// What a login needs from an account: who it is, the hash to verify the password against, and the password's
/// version (one more at each change), which a sign-in hands to the user's grain as what it proved.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.AccountCredentials")]
public sealed record AccountCredentials(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] int PasswordVersion = 0)
{
    /// <summary>Never the password hash.</summary>
    public override string ToString() => $"AccountCredentials {{ UserId = {UserId}, Email = {Email}, PasswordVersion = {PasswordVersion} }}";
}
