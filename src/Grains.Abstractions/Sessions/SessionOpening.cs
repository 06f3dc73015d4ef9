using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace OrleansSessions.Abstractions.Sessions;

/// <summary>
/// The id and refresh secret of a session about to be opened, chosen by the caller once per login before the first
/// attempt, so a login can be sent again after an answer that was lost (a silo stopping mid-call) without opening a
/// second session: the user's grain answers an <c>Open</c> whose session it already holds with that session's tokens.
/// The grain stores only the secret's hash, as for every refresh secret.
/// </summary>
[GenerateSerializer, Immutable, Alias("os.SessionOpening")]
public sealed record SessionOpening(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string RefreshSecret)
{
    /// <summary>Characters of a session id: 128 random bits, URL-safe base64 without padding.</summary>
    public const int SessionIdLength = 22;

    /// <summary>Characters of a refresh secret: 256 random bits, URL-safe base64 without padding.</summary>
    public const int SecretLength = 43;

    private static readonly SearchValues<char> UrlSafe =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>A fresh id and secret from the OS CSPRNG.</summary>
    public static SessionOpening New() => new(
        Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
        Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Whether both parts have the shape <see cref="New"/> gives them (the grain opens no session with any other).</summary>
    public bool IsWellFormed =>
        SessionId is { Length: SessionIdLength } && IsUrlSafe(SessionId) && RefreshSecret is { Length: SecretLength } && IsUrlSafe(RefreshSecret);

    private static bool IsUrlSafe(string text) => !text.AsSpan().ContainsAnyExcept(UrlSafe);

    /// <summary>Never the secret: records print themselves where Orleans traces calls.</summary>
    public override string ToString() => $"SessionOpening {{ SessionId = {SessionId} }}";
}
