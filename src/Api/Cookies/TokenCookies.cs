using OrleansSessions.Api.Contracts;

namespace OrleansSessions.Api.Cookies;

/// <summary>
/// Cookie mode: the access token, refresh token and anti-CSRF token travel as <c>Secure; SameSite=Strict</c> cookies.
/// The token cookies are <c>HttpOnly</c>; the CSRF cookie is readable by the page so it can send the header. Cookies
/// of a remember-me session persist until the session expires; the others end with the browser session.
/// </summary>
public static class TokenCookies
{
    public const string Access = "os_access";
    public const string Refresh = "os_refresh";
    public const string Csrf = "os_csrf";
    public const string RefreshPath = "/auth";

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
        response.Cookies.Append(Access, tokens.AccessToken, Options("/", httpOnly: true, maxAge));
        response.Cookies.Append(Refresh, tokens.RefreshToken, Options(RefreshPath, httpOnly: true, maxAge));
        response.Cookies.Append(Csrf, csrfToken, Options("/", httpOnly: false, maxAge));
    }

    public static void Clear(HttpResponse response)
    {
        response.Cookies.Delete(Access, Options("/", httpOnly: true, null));
        response.Cookies.Delete(Refresh, Options(RefreshPath, httpOnly: true, null));
        response.Cookies.Delete(Csrf, Options("/", httpOnly: false, null));
    }

    public static void MarkAuthenticatedByCookie(HttpContext context) => context.Items[ViaCookieItem] = true;

    public static bool AuthenticatedByCookie(HttpContext context) => context.Items.ContainsKey(ViaCookieItem);

    private static CookieOptions Options(string path, bool httpOnly, TimeSpan? maxAge) => new()
    {
        Path = path,
        HttpOnly = httpOnly,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
        MaxAge = maxAge,
    };
}
