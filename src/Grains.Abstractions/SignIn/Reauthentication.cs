namespace OrleansSessions.Abstractions.SignIn;

/// <summary>The signed-in user of <see cref="SessionId"/> proving who they are again; the password travels only inside the cluster.</summary>
[GenerateSerializer, Immutable, Alias("os.Reauthentication")]
public sealed record Reauthentication(
    [property: Id(0)] string Email,
    [property: Id(1)] string UserId,
    [property: Id(2)] string SessionId,
    [property: Id(3)] string Password,
    [property: Id(4)] string ClientAddress)
{
    public override string ToString() => $"Reauthentication {{ Email = {Email}, UserId = {UserId} }}";
}
