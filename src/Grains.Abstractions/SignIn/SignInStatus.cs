namespace OrleansSessions.Abstractions.SignIn;

[GenerateSerializer, Alias("os.SignInStatus")]
public enum SignInStatus
{
    Succeeded = 0,
    InvalidCredentials = 1,
    Throttled = 2,
    SessionLimitReached = 3,
}
