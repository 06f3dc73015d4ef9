namespace OrleansSessions.Abstractions.Accounts;

/// <summary>What a login needs from an account: who it is and the hash to verify the password against.</summary>
[GenerateSerializer, Immutable, Alias("os.AccountCredentials")]
public sealed record AccountCredentials(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] IReadOnlyList<string> Roles)
{
    /// <summary>Never the password hash.</summary>
    public override string ToString() => $"AccountCredentials {{ UserId = {UserId}, Email = {Email} }}";
}
