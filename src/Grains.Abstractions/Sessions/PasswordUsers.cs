namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// Users who registered here: their ids are drawn at registration, 128 random bits as 32 lower-case hex characters
/// (never an external user's grain key, <see cref="ExternalUsers"/>). Roles are granted to these ids only.
/// </summary>
public static class PasswordUsers
{
    public const int IdLength = 32;

    /// <summary>True for an id of the shape registration draws; whether an account holds it is not known here.</summary>
    public static bool IsWellFormedId(string? id) => id is { Length: IdLength } && id.All(char.IsAsciiHexDigitLower);
}
