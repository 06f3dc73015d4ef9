using System.Net.Http.Headers;
using System.Text;

namespace OrleansSessions.Api.Accounts;

/// <summary>
/// How a caller of <c>/auth/introspect</c> presents its API key: in <c>X-Api-Key</c>, or as the password of HTTP Basic
/// (RFC 7662 section 2.1 through RFC 6749 section 2.3.1; any user name). RFC 6749 has the client form-urlencode the
/// password before base64, which OAuth libraries do and <c>curl -u</c> does not, so both readings are candidates.
/// </summary>
public readonly record struct PresentedApiKey(string? Header, string? BasicPassword, string? BasicPasswordDecoded, bool UsedBasic)
{
    public const string HeaderName = "X-Api-Key";

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static PresentedApiKey Read(HttpRequest request)
    {
        var header = request.Headers[HeaderName] is { Count: 1 } values ? values[0] : null;
        if (request.Headers.Authorization is not { Count: 1 } authorization
            || !AuthenticationHeaderValue.TryParse(authorization[0], out var parsed)
            || !string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return new PresentedApiKey(header, null, null, UsedBasic: false);
        }

        var password = ReadBasicPassword(parsed.Parameter);
        return new PresentedApiKey(header, password, password is null ? null : FormDecoded(password), UsedBasic: true);
    }

    /// <summary>The part after the first colon of the decoded credentials; null when they are not base64 of UTF-8 with a colon.</summary>
    private static string? ReadBasicPassword(string? parameter)
    {
        if (string.IsNullOrEmpty(parameter))
        {
            return null;
        }

        try
        {
            var decoded = StrictUtf8.GetString(Convert.FromBase64String(parameter));
            var separator = decoded.IndexOf(':', StringComparison.Ordinal);
            return separator < 0 ? null : decoded[(separator + 1)..];
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static string? FormDecoded(string password)
    {
        if (!password.Contains('%', StringComparison.Ordinal) && !password.Contains('+', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return Uri.UnescapeDataString(password.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
