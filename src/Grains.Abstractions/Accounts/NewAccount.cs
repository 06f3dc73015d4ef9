namespace OrleansSessions.Abstractions.Accounts;

/// <summary>A registration: the password arrives already hashed, it never crosses the wire in clear.</summary>
[GenerateSerializer, Immutable, Alias("os.NewAccount")]
public sealed record NewAccount(
    [property: Id(0)] string PasswordHash,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] IReadOnlyList<string> Roles)
{
    /// <summary>Never the password hash.</summary>
    public override string ToString() => $"NewAccount {{ DisplayName = {DisplayName} }}";
}
