namespace OrleansSessions.Client;

/// <summary>
/// How a session's user signed in, as tokens and introspection say it (<c>amr</c>). The two kinds of users have separate
/// id spaces: the same <c>sub</c> can name a user registered with the service and a user of a backend, so a service that
/// keys its data by <c>sub</c> accepts one kind (<see cref="ResourceServerOptions.AcceptedAuthMethods"/>) or keys by both.
/// </summary>
public static class SessionAuthMethods
{
    /// <summary>A user registered with the service, signed in with their password.</summary>
    public const string Password = "pwd";

    /// <summary>A backend's user: the backend signed them in itself and opened the session through the service API.</summary>
    public const string Backend = "ext";
}
