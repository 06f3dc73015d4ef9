namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// Clients (web, mobile, ...) whose sessions follow their own policy. A session belongs to <see cref="Default"/>
/// unless its login or the service call names another configured client.
/// </summary>
public static class SessionClients
{
    public const string Default = "default";

    public const int MaxNameLength = 64;

    /// <summary>1 to 64 characters of <c>A-Z a-z 0-9 . _ -</c>.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxNameLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
