namespace OrleansSessions.Abstractions.SignIn;

/// <summary>
/// A password sign-in: the normalised email, the password as typed (it travels only inside the cluster and is
/// never stored or logged) and the new session's context.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.PasswordSignIn")]
public sealed record PasswordSignIn(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] SessionContext Session)
{
    /// <summary>Never the password: records print themselves in logs and debuggers.</summary>
    public override string ToString() => $"PasswordSignIn {{ Email = {Email} }}";
}
