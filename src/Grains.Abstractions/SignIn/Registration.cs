namespace OrleansSessions.Abstractions.SignIn;

/// <summary>
/// A new account: normalised email, the password as typed (hashed in the cluster, never stored in clear), and the
/// client address registrations are throttled by.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.Registration")]
public sealed record Registration(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] string ClientAddress)
{
    public override string ToString() => $"Registration {{ Email = {Email} }}";
}
