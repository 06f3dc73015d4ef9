namespace OrleansSessions.Abstractions.SignIn;

/// <summary>The new account's user id, or null when the email is already taken.</summary>
[GenerateSerializer, Immutable, Alias("os.RegistrationResult")]
public sealed record RegistrationResult([property: Id(0)] string? UserId);
