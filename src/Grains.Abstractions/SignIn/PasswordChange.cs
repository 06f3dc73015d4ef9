namespace OrleansSessions.Abstractions.SignIn;

/// <summary>A password change by the signed-in user of <see cref="SessionId"/>; the passwords travel only inside the cluster.</summary>
[GenerateSerializer, Immutable, Alias("os.PasswordChange")]
public sealed record PasswordChange(
    [property: Id(0)] string Email,
    [property: Id(1)] string UserId,
    [property: Id(2)] string SessionId,
    [property: Id(3)] string CurrentPassword,
    [property: Id(4)] string NewPassword,
    [property: Id(5)] string ClientAddress)
{
    public override string ToString() => $"PasswordChange {{ Email = {Email}, UserId = {UserId} }}";
}
