using System.Diagnostics.CodeAnalysis;
using OrleansSessions.Api.Contracts;

namespace OrleansSessions.Api.Cookies;

/// <summary>
/// Cookie mode: the access token, refresh token and anti-CSRF token travel as <c>Secure; SameSite=Strict</c> cookies
/// named with the <c>__Host-</c> prefix, so browsers accept them only from this origin over HTTPS (or localhost), with
/// <c>Path=/</c> and no <c>Domain</c>: a sibling subdomain or a plain-HTTP page cannot plant or overwrite them. The
/// token cookies are <c>HttpOnly</c>; the CSRF cookie is readable by the page so it can send the header. Cookies of a
/// remember-me session persist until the session expires; the others end with the browser session.
/// </summary>
public static class TokenCookies
{
    public const string Access = "__Host-os_access";
    public const string Refresh = "__Host-os_refresh";
    public const string Csrf = "__Host-os_csrf";

    private const string ViaCookieItem = "auth.via-cookie";

    /// <summary>True for <c>?mode=cookie</c>, false for none or <c>?mode=bearer</c>; null for anything else.</summary>
    public static bool? IsCookieMode(HttpRequest request) => request.Query["mode"].ToString() switch
    {
        "" or "bearer" => false,
        "cookie" => true,
        _ => null,
    };

    public static void Write(HttpResponse response, TokenResponse tokens, string csrfToken, bool rememberMe)
    {
        var maxAge = rememberMe ? TimeSpan.FromSeconds(tokens.RefreshExpiresIn) : (TimeSpan?)null;
        response.Cookies.Append(Access, tokens.AccessToken, Options(httpOnly: true, maxAge));
        response.Cookies.Append(Refresh, tokens.RefreshToken, Options(httpOnly: true, maxAge));
        response.Cookies.Append(Csrf, csrfToken, Options(httpOnly: false, maxAge));
    }

    public static void Clear(HttpResponse response)
    {
        response.Cookies.Delete(Access, Options(httpOnly: true, null));
        response.Cookies.Delete(Refresh, Options(httpOnly: true, null));
        response.Cookies.Delete(Csrf, Options(httpOnly: false, null));
    }

    /// <summary>
    /// The value of the one cookie named exactly <paramref name="name"/>. ASP.NET Core's cookie collection matches names
    /// ignoring case and lets a repeated name's last value win, so a <c>__HOST-os_access</c> cookie (which a browser that
    /// checks prefixes case-sensitively lets a sibling subdomain plant) would be read as ours. Here a name that differs
    /// only in case, or a repeated name, is no cookie at all, and so is one hidden in another cookie's value
    /// (<c>foo=a,__Host-os_access=...</c>, which a lenient parser splits off as a cookie of its own). The header is read as
    /// browsers send it: <c>name=value</c> pairs separated by <c>;</c>.
    /// </summary>
    public static bool TryRead(HttpRequest request, string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        foreach (var header in request.Headers.Cookie)
        {
            foreach (var pair in (header ?? string.Empty).Split(';', StringSplitOptions.TrimEntries))
            {
                var separator = pair.IndexOf('=');
                if (separator > 0 && value is null && pair.AsSpan(0, separator).SequenceEqual(name))
                {
                    value = Uri.UnescapeDataString(pair[(separator + 1)..]);
                }
                else if (pair.Contains(name, StringComparison.OrdinalIgnoreCase))
                {
                    value = null; // repeated, in another case, or inside another cookie
                    return false;
                }
            }
        }

        return !string.IsNullOrEmpty(value);
    }

    public static void MarkAuthenticatedByCookie(HttpContext context) => context.Items[ViaCookieItem] = true;

    public static bool AuthenticatedByCookie(HttpContext context) => context.Items.ContainsKey(ViaCookieItem);

    /// <summary>What the <c>__Host-</c> prefix demands: <c>Secure</c>, <c>Path=/</c>, no <c>Domain</c>.</summary>
    private static CookieOptions Options(bool httpOnly, TimeSpan? maxAge) => new()
    {
        Path = "/",
        Domain = null,
        HttpOnly = httpOnly,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
        MaxAge = maxAge,
    };
}
