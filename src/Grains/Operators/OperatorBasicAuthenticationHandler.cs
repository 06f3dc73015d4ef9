using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// HTTP Basic sign-in for operators. The dashboard's browser code sends no bearer header, but browsers resend
/// Basic credentials on every request to the same origin, so the whole dashboard (page and API calls) is covered.
/// Never a host's default scheme: only the operator endpoints ask for it (<see cref="OperatorAccess.Policy"/>). Any
/// header it cannot use (another scheme, bad base64, no colon, wrong or unconfigured credentials) ends in the 401
/// challenge.
/// </summary>
public sealed class OperatorBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorCredentials> credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OperatorBasic";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        var separator = decoded.IndexOf(':');
        if (separator < 0 || !credentials.Value.Matches(decoded[..separator], decoded[(separator + 1)..]))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong operator credentials."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, decoded[..separator]), new Claim(ClaimTypes.Role, "operator")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"OrleansSessions operators\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }
}
