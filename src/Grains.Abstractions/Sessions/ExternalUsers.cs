using System.Buffers.Text;
using System.Text;

namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// Users a backend signed in itself (the service API): their ids as the backend names them, and the key of their
/// sessions grain. A password user's key is their user id, 32 lower-case hex characters; an external user's key is
/// <c>x</c> followed by the unpadded base64url of the id's UTF-8 bytes. <c>x</c> is not a hex digit, so the two spaces
/// never meet: no external id, however chosen (even one that equals a password user's id), reaches a password user's
/// grain, roles or account. The key is URL-safe, so it routes refresh tokens like any other user id.
/// </summary>
public static class ExternalUsers
{
    public const int MaxIdLength = 128;

    /// <summary>The <c>amr</c> value of sessions a backend opened (RFC 8176 leaves room for others); password sessions carry <c>pwd</c>.</summary>
    public const string AuthMethod = "ext";

    public const string PasswordAuthMethod = "pwd";

    private const char KeyPrefix = 'x';

    /// <summary>1 to 128 characters of <c>A-Z a-z 0-9 . _ : @ | -</c>.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= MaxIdLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '@' or '|' or '-');

    /// <summary>
    /// A valid id a URL path can name: not <c>.</c> or <c>..</c>, which HTTP stacks remove from a path as dot segments
    /// (RFC 3986 5.2.4, encoded as <c>%2E</c> too), so no <c>/service/users/{id}/...</c> call could list or revoke
    /// that user's sessions. Sessions are opened only for such ids.
    /// </summary>
    public static bool IsValidNewId(string? id) => IsValidId(id) && id is not ("." or "..");

    /// <summary>The sessions grain key of the external user <paramref name="id"/> (a valid id).</summary>
    public static string GrainKey(string id) => KeyPrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id));

    /// <summary>
    /// The user id a sessions grain's key stands for, as tokens and events state it: the backend's id for a key made by
    /// <see cref="GrainKey"/>, the key itself for a password user.
    /// </summary>
    public static string UserIdOf(string grainKey) =>
        IsExternalKey(grainKey) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(grainKey.AsSpan(1))) : grainKey;

    /// <summary>True for a key made by <see cref="GrainKey"/>, never for a password user's id.</summary>
    public static bool IsExternalKey(string? key) => key is { Length: > 1 } && key[0] == KeyPrefix;
}
