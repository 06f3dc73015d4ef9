namespace OrleansSessions.Abstractions.SignIn;

[GenerateSerializer, Alias("os.SignInStatus")]
public enum SignInStatus
{
    Succeeded = 0,
    InvalidCredentials = 1,
    Throttled = 2,
    SessionLimitReached = 3,

    /// <summary>The sign-in was sent again after its first attempt opened a session that has ended since: sign in again.</summary>
    Interrupted = 4,
}
